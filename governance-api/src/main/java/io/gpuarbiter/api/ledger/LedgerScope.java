package io.gpuarbiter.api.ledger;

import io.gpuarbiter.api.security.Caller;
import io.gpuarbiter.arbitration.model.AuthorityRule;
import io.gpuarbiter.arbitration.model.AuthorityScope;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.ledger.EntryPage;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which ledger entries a caller may read. Auditors and admins read everything. Everyone else reads
 * the entries of the teams they belong to (a group named like the team) or hold authority over (an
 * authority rule names one of their groups as approvers or veto holders: a team rule gives that
 * team, a department rule its department's teams, or every team when it names no department, an
 * organization rule everything). Entries that name no team (model changes) need the whole
 * organization. Checkpoints, proofs and the key carry no entry contents and are open to every role.
 *
 * @param all whether every entry is readable
 * @param teams the readable teams when not {@code all}
 */
public record LedgerScope(boolean all, Set<String> teams) {
  public LedgerScope {
    teams = Set.copyOf(teams);
  }

  /** The scope of a caller under the model in force. */
  public static LedgerScope of(Caller caller, GovernanceModel model) {
    if (caller.identity().has(Role.AUDITOR) || caller.identity().has(Role.ADMIN)) {
      return new LedgerScope(true, Set.of());
    }
    Set<String> teams = new TreeSet<>();
    for (Team team : model.organization().teams()) {
      if (caller.memberOf(team.id().value())) {
        teams.add(team.id().value());
      }
    }
    for (AuthorityRule rule : model.authority()) {
      boolean holds =
          caller.memberOf(rule.approverGroup())
              || rule.vetoGroups().stream().anyMatch(caller::memberOf);
      if (!holds) {
        continue;
      }
      if (rule.scope() == AuthorityScope.ORGANIZATION) {
        return new LedgerScope(true, Set.of());
      }
      for (Team team : model.organization().teams()) {
        if (covers(rule, team)) {
          teams.add(team.id().value());
        }
      }
    }
    return new LedgerScope(false, teams);
  }

  /** Whether an entry of this team (null: none) may be read. */
  public boolean reads(String team) {
    return all || (team != null && teams.contains(team));
  }

  /** The readable entries of a page; the page's continuation is kept, so paging goes on. */
  public EntryPage filter(EntryPage page) {
    return all
        ? page
        : new EntryPage(
            page.entries().stream().filter(e -> reads(e.draft().team())).toList(), page.nextFrom());
  }

  private static boolean covers(AuthorityRule rule, Team team) {
    return switch (rule.scope()) {
      case TEAM -> rule.unit().map(u -> u.equals(team.id().value())).orElse(true);
      case DEPARTMENT -> rule.unit().map(u -> u.equals(team.department().value())).orElse(true);
      case ORGANIZATION -> true;
    };
  }
}
