package io.gpuarbiter.arbitration.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an organisation declares about its GPUs: tenants, pools, classes, coexistence, quotas,
 * reservations, authority and (embedded default) the user directory. Immutable; a change of model
 * is a new instance.
 */
public record GovernanceModel(
    Organization organization,
    List<Pool> pools,
    Map<WorkloadClass, ClassPolicy> classes,
    List<CoexistenceRule> coexistence,
    List<Quota> quotas,
    List<DepartmentCap> departmentCaps,
    List<Reservation> reservations,
    List<AuthorityRule> authority,
    List<ClassificationRule> classification,
    Directory directory,
    ArbitrationSettings settings) {

  public GovernanceModel {
    pools = List.copyOf(pools);
    classes = Map.copyOf(classes);
    coexistence = List.copyOf(coexistence);
    quotas = List.copyOf(quotas);
    departmentCaps = List.copyOf(departmentCaps);
    reservations = List.copyOf(reservations);
    authority = List.copyOf(authority);
    classification = List.copyOf(classification);
  }

  /** The same model with another directory (Keycloak mode: the realm's users as last read). */
  public GovernanceModel withDirectory(Directory newDirectory) {
    return new GovernanceModel(
        organization,
        pools,
        classes,
        coexistence,
        quotas,
        departmentCaps,
        reservations,
        authority,
        classification,
        newDirectory,
        settings);
  }

  public Optional<Pool> pool(PoolId id) {
    return pools.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public Optional<Quota> quota(TeamId team, PoolId pool) {
    return quotas.stream().filter(q -> q.team().equals(team) && q.pool().equals(pool)).findFirst();
  }

  public Optional<DepartmentCap> departmentCap(DepartmentId department, PoolId pool) {
    return departmentCaps.stream()
        .filter(c -> c.department().equals(department) && c.pool().equals(pool))
        .findFirst();
  }
}
