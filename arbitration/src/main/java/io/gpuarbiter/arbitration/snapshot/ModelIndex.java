package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.ArbitrationSettings;
import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.AuthorityRule;
import io.gpuarbiter.arbitration.model.AuthorityScope;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.ClassificationRule;
import io.gpuarbiter.arbitration.model.CoexistenceRule;
import io.gpuarbiter.arbitration.model.DepartmentCap;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lookups over a {@link GovernanceModel}, built once per model so that a decision never scans the
 * lists of a large organisation (1,000 teams): every lookup here is a hash or enum map read.
 */
public final class ModelIndex {
  private final GovernanceModel model;
  private final Map<TeamId, Team> teams = new HashMap<>();
  private final Map<String, Team> namespaceOwners = new HashMap<>();
  private final Map<PoolId, Pool> pools = new LinkedHashMap<>();
  private final Map<TeamPool, Quota> quotas = new HashMap<>();
  private final Map<TeamId, List<PoolId>> quotaPools = new HashMap<>();
  private final Map<DepartmentPool, Gpue> departmentCaps = new HashMap<>();
  private final Map<DepartmentPool, Gpue> lendable = new HashMap<>();
  private final Map<PoolId, List<Reservation>> reservations = new HashMap<>();
  private final Map<AuthorityKey, List<AuthorityRule>> authority = new HashMap<>();
  private final Map<String, List<UserId>> members = new HashMap<>();
  private final Map<WorkloadClass, Map<WorkloadClass, Set<SharingMode>>> coexistence =
      new EnumMap<>(WorkloadClass.class);

  ModelIndex(GovernanceModel model) {
    this.model = model;
    for (Team t : model.organization().teams()) {
      teams.put(t.id(), t);
      t.namespaces().forEach(ns -> namespaceOwners.putIfAbsent(ns, t));
    }
    model.pools().forEach(p -> pools.put(p.id(), p));
    for (Quota q : model.quotas()) {
      quotas.put(new TeamPool(q.team(), q.pool()), q);
      quotaPools.computeIfAbsent(q.team(), k -> new ArrayList<>()).add(q.pool());
      team(q.team())
          .ifPresent(t ->
              lendable.merge(
                  new DepartmentPool(t.department(), q.pool()),
                  lendableTerm(q, Gpue.ZERO),
                  Gpue::plus));
    }
    for (DepartmentCap c : model.departmentCaps()) {
      departmentCaps.put(new DepartmentPool(c.department(), c.pool()), c.max());
    }
    for (Reservation r : model.reservations()) {
      reservations.computeIfAbsent(r.pool(), k -> new ArrayList<>()).add(r);
    }
    for (AuthorityRule a : model.authority()) {
      String unit = a.scope() == AuthorityScope.ORGANIZATION ? "" : a.unit().orElse("");
      authority
          .computeIfAbsent(new AuthorityKey(a.action(), a.scope(), unit), k -> new ArrayList<>())
          .add(a);
    }
    for (User u : model.directory().users()) {
      u.groups().forEach(g -> members.computeIfAbsent(g, k -> new ArrayList<>()).add(u.id()));
    }
    for (CoexistenceRule r : model.coexistence()) {
      // First rule for a pair wins, like the model file reads top to bottom.
      coexistence
          .computeIfAbsent(r.first(), k -> new EnumMap<>(WorkloadClass.class))
          .putIfAbsent(r.second(), r.via());
      coexistence
          .computeIfAbsent(r.second(), k -> new EnumMap<>(WorkloadClass.class))
          .putIfAbsent(r.first(), r.via());
    }
  }

  /**
   * What a team with this quota, using {@code guaranteedUsed} of its guarantee, can lend: its
   * unused guarantee, up to its lending limit.
   */
  public static Gpue lendableTerm(Quota quota, Gpue guaranteedUsed) {
    Gpue unused = quota.guaranteed().minusOrZero(guaranteedUsed);
    return quota.lendingLimit().map(unused::min).orElse(unused);
  }

  public GovernanceModel model() {
    return model;
  }

  public ArbitrationSettings settings() {
    return model.settings();
  }

  public Optional<Team> team(TeamId id) {
    return Optional.ofNullable(teams.get(id));
  }

  public Optional<Team> teamOwning(String namespace) {
    return Optional.ofNullable(namespaceOwners.get(namespace));
  }

  public Optional<Pool> pool(PoolId id) {
    return Optional.ofNullable(pools.get(id));
  }

  /** Pools in model order. */
  public Iterable<Pool> pools() {
    return pools.values();
  }

  public Optional<Quota> quota(TeamId team, PoolId pool) {
    return Optional.ofNullable(quotas.get(new TeamPool(team, pool)));
  }

  /** Pools in which the team holds a quota, in model order. */
  public List<PoolId> quotaPools(TeamId team) {
    return quotaPools.getOrDefault(team, List.of());
  }

  public Optional<Gpue> departmentCap(DepartmentPool key) {
    return Optional.ofNullable(departmentCaps.get(key));
  }

  /** Sum over the department's teams of min(lendingLimit, guarantee): lendable when all idle. */
  public Gpue baseLendable(DepartmentPool key) {
    return lendable.getOrDefault(key, Gpue.ZERO);
  }

  /** All reservations of a pool, active or not. */
  public List<Reservation> reservations(PoolId pool) {
    return reservations.getOrDefault(pool, List.of());
  }

  /**
   * Authority rules for an action that speak for a team, narrowest scope first: the team's own
   * rules, rules for every team, its department's, every department's, then the organization's.
   */
  public List<AuthorityRule> authority(AuthorityAction action, Team team) {
    List<AuthorityRule> out = new ArrayList<>();
    addRules(out, action, AuthorityScope.TEAM, team.id().value());
    addRules(out, action, AuthorityScope.TEAM, "");
    addRules(out, action, AuthorityScope.DEPARTMENT, team.department().value());
    addRules(out, action, AuthorityScope.DEPARTMENT, "");
    addRules(out, action, AuthorityScope.ORGANIZATION, "");
    return out;
  }

  private void addRules(
      List<AuthorityRule> out, AuthorityAction action, AuthorityScope scope, String unit) {
    out.addAll(authority.getOrDefault(new AuthorityKey(action, scope, unit), List.of()));
  }

  private record AuthorityKey(AuthorityAction action, AuthorityScope scope, String unit) {}

  public List<UserId> members(String group) {
    return members.getOrDefault(group, List.of());
  }

  public Optional<ClassPolicy> classPolicy(WorkloadClass workloadClass) {
    return Optional.ofNullable(model.classes().get(workloadClass));
  }

  /**
   * Mechanisms through which two classes may share a GPU; empty Optional = no rule for the pair.
   */
  public Optional<Set<SharingMode>> coexistence(WorkloadClass a, WorkloadClass b) {
    Map<WorkloadClass, Set<SharingMode>> row = coexistence.get(a);
    return row == null ? Optional.empty() : Optional.ofNullable(row.get(b));
  }

  public List<ClassificationRule> classification() {
    return model.classification();
  }
}
