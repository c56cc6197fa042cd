package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.AuthorityRule;
import io.gpuarbiter.arbitration.model.AuthorityScope;
import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads authority rules and the static user directory of the embedded default. */
final class AuthorityReader {
  private AuthorityReader() {}

  static List<AuthorityRule> authority(Section root, References refs) {
    List<AuthorityRule> rules = new ArrayList<>();
    for (Section s : root.sections("authority")) {
      s.allowOnly(
          Set.of(
              "scope", "unit", "action", "limit", "approvers", "twoApproversAbove", "vetoGroups"));
      Optional<AuthorityScope> scope =
          s.requiredParsed("scope", Labels.of(AuthorityScope.values(), "authority scope"));
      Optional<String> unit = s.string("unit");
      if (unit.isPresent() && scope.equals(Optional.of(AuthorityScope.ORGANIZATION))) {
        s.problem("unit", "an organization-scope rule names no unit");
      }
      Optional<AuthorityAction> action =
          s.requiredParsed("action", Labels.of(AuthorityAction.values(), "authority action"));
      Optional<Gpue> limit = s.requiredParsed("limit", Units::gpue);
      Optional<String> approvers = s.requiredString("approvers");
      Optional<Gpue> twoAbove = s.parsed("twoApproversAbove", Units::gpue);
      List<String> veto = s.strings("vetoGroups");
      approvers.ifPresent(g -> refs.group(s, "approvers", g));
      veto.forEach(g -> refs.group(s, "vetoGroups", g));
      if (unit.isPresent() && scope.equals(Optional.of(AuthorityScope.TEAM))) {
        refs.team(s, "unit", unit.get());
      }
      if (unit.isPresent() && scope.equals(Optional.of(AuthorityScope.DEPARTMENT))) {
        refs.department(s, "unit", unit.get());
      }
      if (s.clean()) {
        rules.add(
            new AuthorityRule(
                scope.orElseThrow(),
                unit,
                action.orElseThrow(),
                limit.orElseThrow(),
                approvers.orElseThrow(),
                twoAbove,
                veto));
      }
    }
    return rules;
  }

  static Directory directory(Section root) {
    List<User> users = new ArrayList<>();
    Optional<Section> dir = root.section("directory");
    dir.ifPresent(d -> d.allowOnly(Set.of("users")));
    Set<String> seen = new HashSet<>();
    for (Section s : dir.map(d -> d.sections("users")).orElse(List.of())) {
      s.allowOnly(Set.of("id", "name", "groups", "roles"));
      Optional<UserId> id = s.requiredParsed("id", UserId::new);
      String name = s.string("name").orElse(id.map(UserId::value).orElse(""));
      if (id.isPresent() && !seen.add(id.get().value())) {
        s.problem("id", "duplicate user \"" + id.get() + "\"");
      }
      List<String> groups = s.strings("groups");
      List<Role> roles = s.parsedList("roles", Labels.of(Role.values(), "role"));
      if (!s.has("roles")) {
        s.problem(null, "missing required field \"roles\"");
      }
      if (s.clean()) {
        users.add(new User(id.orElseThrow(), name, Set.copyOf(groups), Set.copyOf(roles)));
      }
    }
    return new Directory(users);
  }
}
