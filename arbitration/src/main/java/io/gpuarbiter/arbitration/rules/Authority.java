package io.gpuarbiter.arbitration.rules;

import io.gpuarbiter.arbitration.decision.ApprovalRequest;
import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.AuthorityRule;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.snapshot.ModelIndex;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Step 6: who may approve. The narrowest rule (team, then department, then organization) whose
 * limit covers the ask and that has enough approvers other than the requester decides; larger asks
 * thus escalate. Above the rule's two-approver threshold two distinct approvers are needed. Veto
 * holders of every rule passed on the way keep their veto. Nobody approves their own request.
 */
public final class Authority {
  private Authority() {}

  public static Optional<ApprovalRequest> route(
      AuthorityAction action,
      Team team,
      Gpue asked,
      Gpue excess,
      Optional<UserId> requester,
      ModelIndex index) {
    Set<UserId> vetoes = new LinkedHashSet<>();
    for (AuthorityRule rule : index.authority(action, team)) {
      rule.vetoGroups().forEach(g -> vetoes.addAll(index.members(g)));
      if (excess.exceeds(rule.limit())) {
        continue;
      }
      boolean two = rule.twoApproversAbove().map(excess::exceeds).orElse(false);
      List<UserId> approvers = others(index.members(rule.approverGroup()), requester);
      if (approvers.size() < (two ? 2 : 1)) {
        continue;
      }
      List<UserId> veto = others(List.copyOf(vetoes), requester);
      return Optional.of(
          new ApprovalRequest(
              action,
              rule.scope(),
              rule.unit(),
              asked,
              excess,
              List.of(rule.approverGroup()),
              approvers,
              veto,
              two,
              requester));
    }
    return Optional.empty();
  }

  private static List<UserId> others(List<UserId> users, Optional<UserId> requester) {
    List<UserId> out = new ArrayList<>(users.size());
    for (UserId u : users) {
      if (requester.map(r -> !r.equals(u)).orElse(true) && !out.contains(u)) {
        out.add(u);
      }
    }
    return out;
  }
}
