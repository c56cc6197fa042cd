package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Organization;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The names other sections may refer to, read first so that a dangling reference is reported on the
 * line that makes it ({@code quotas[3].pool: unknown pool "h200"}).
 */
final class References {
  private final Set<String> teams;
  private final Set<String> departments;
  private final Map<String, Pool> pools;
  private final Set<String> declaredPools;
  private final Set<String> users;
  private final Set<String> groups;

  References(Organization org, List<Pool> pools, Set<String> declaredPools, Directory directory) {
    this.declaredPools = Set.copyOf(declaredPools);
    this.teams = ids(org.teams(), t -> t.id().value());
    this.departments = ids(org.departments(), d -> d.id().value());
    this.pools = new HashMap<>();
    pools.forEach(p -> this.pools.putIfAbsent(p.id().value(), p));
    this.users = ids(directory.users(), u -> u.id().value());
    this.groups =
        directory.users().stream()
            .map(User::groups)
            .flatMap(Set::stream)
            .collect(Collectors.toSet());
  }

  void team(Section s, String key, String team) {
    if (!teams.contains(team)) {
      s.problem(key, "unknown team \"" + team + "\"" + known(teams));
    }
  }

  void department(Section s, String key, String department) {
    if (!departments.contains(department)) {
      s.problem(key, "unknown department \"" + department + "\"" + known(departments));
    }
  }

  void pool(Section s, String key, PoolId pool) {
    if (!declaredPools.contains(pool.value())) {
      s.problem(key, "unknown pool \"" + pool + "\"" + known(declaredPools));
    }
  }

  /** Capacity of a pool, zero when it is unknown or invalid (already reported). */
  Gpue capacity(PoolId pool) {
    Pool p = pools.get(pool.value());
    return p == null ? Gpue.ZERO : p.capacity();
  }

  void user(Section s, String key, String user) {
    if (!users.isEmpty() && !users.contains(user)) {
      s.problem(key, "unknown user \"" + user + "\" (not in directory.users)");
    }
  }

  /** A group nobody belongs to can approve nothing: almost always a typo. */
  void group(Section s, String key, String group) {
    if (!users.isEmpty() && !groups.contains(group)) {
      s.problem(key, "no user in the directory belongs to group \"" + group + "\"");
    }
  }

  private static String known(Set<String> names) {
    return names.isEmpty()
        ? ""
        : " (known: " + String.join(", ", names.stream().sorted().toList()) + ")";
  }

  private static <T> Set<String> ids(List<T> items, Function<T, String> id) {
    return items.stream().map(id).collect(Collectors.toSet());
  }
}
