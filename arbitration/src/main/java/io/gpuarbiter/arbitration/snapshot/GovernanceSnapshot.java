package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.DepartmentId;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.ReservationId;
import io.gpuarbiter.arbitration.model.TeamId;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a decision reads: an immutable governance model (with its lookups), the admitted
 * charges and their running sums, and the digest of the policy bundle in force.
 *
 * <p>{@link #admit} and {@link #release} are pure transitions returning a new snapshot, so the
 * caller can swap snapshots in the same transaction as the ledger write. A snapshot never changes;
 * any number of threads may decide against one at once.
 */
public final class GovernanceSnapshot {
  private final ModelIndex index;
  private final String policyDigest;
  private final Allocations allocations;

  private GovernanceSnapshot(ModelIndex index, String policyDigest, Allocations allocations) {
    this.index = index;
    this.policyDigest = Objects.requireNonNull(policyDigest, "policyDigest");
    this.allocations = allocations;
  }

  /** A snapshot of the model with nothing admitted yet. */
  public static GovernanceSnapshot of(GovernanceModel model, String policyDigest) {
    return new GovernanceSnapshot(new ModelIndex(model), policyDigest, Allocations.EMPTY);
  }

  /**
   * The same admitted charges under a new model or policy bundle. Running sums are recomputed from
   * the charges, because lending limits and departments may have changed.
   */
  public GovernanceSnapshot withModel(GovernanceModel model, String newPolicyDigest) {
    ModelIndex newIndex = new ModelIndex(model);
    Allocations rebuilt = Allocations.EMPTY.withAll(allocations.charges.values(), newIndex);
    return new GovernanceSnapshot(newIndex, newPolicyDigest, rebuilt);
  }

  /**
   * The same model and charges, decided under another policy bundle: the caller passes the digest
   * of the bundle that evaluated the request, so the decision records that bundle, not the one in
   * force when the snapshot was built.
   */
  public GovernanceSnapshot withPolicyDigest(String digest) {
    return digest.equals(policyDigest) ? this : new GovernanceSnapshot(index, digest, allocations);
  }

  /**
   * Charges a workload. Admitting a workload already charged returns this snapshot unchanged, so a
   * retried admission never charges twice.
   */
  public GovernanceSnapshot admit(Charge charge) {
    if (allocations.charges.containsKey(charge.workload().uid())) {
      return this;
    }
    return new GovernanceSnapshot(index, policyDigest, allocations.with(charge, index));
  }

  /**
   * Charges many workloads at once (a replica starting from the charges held): the same as {@link
   * #admit} for each in turn, in time linear in their number. Workloads already charged, here or
   * earlier in the list, are skipped.
   */
  public GovernanceSnapshot admitAll(java.util.Collection<Charge> charges) {
    return charges.isEmpty()
        ? this
        : new GovernanceSnapshot(index, policyDigest, allocations.withAll(charges, index));
  }

  /**
   * Returns exactly what the workload was charged. GPU-hours not yet run are refunded to the budget
   * if the period they were committed in is still open at {@code now}. Releasing a workload that is
   * not charged returns this snapshot unchanged.
   */
  public GovernanceSnapshot release(String workloadUid, Instant now) {
    Charge charge = allocations.charges.get(workloadUid);
    if (charge == null) {
      return this;
    }
    return new GovernanceSnapshot(index, policyDigest, allocations.without(charge, index, now));
  }

  public GovernanceModel model() {
    return index.model();
  }

  public ModelIndex index() {
    return index;
  }

  public String policyDigest() {
    return policyDigest;
  }

  public Optional<Charge> charge(String workloadUid) {
    return Optional.ofNullable(allocations.charges.get(workloadUid));
  }

  public Collection<Charge> charges() {
    return allocations.charges.values();
  }

  public TeamUsage teamUsage(TeamId team, PoolId pool) {
    return allocations.teams.getOrDefault(new TeamPool(team, pool), TeamUsage.NONE);
  }

  public DepartmentUsage departmentUsage(DepartmentId department, PoolId pool) {
    return allocations.departments.getOrDefault(
        new DepartmentPool(department, pool), DepartmentUsage.NONE);
  }

  public PoolUsage poolUsage(PoolId pool) {
    return allocations.pools.getOrDefault(pool, PoolUsage.NONE);
  }

  public ReservationUse reservationUse(ReservationId reservation) {
    return allocations.reservations.getOrDefault(reservation, ReservationUse.NONE);
  }

  /** GPU-hours the team has committed in the pool during the budget period containing now. */
  public double gpuHoursUsed(TeamId team, PoolId pool, Instant now) {
    TeamPool key = new TeamPool(team, pool);
    HourUse use = allocations.hours.get(key);
    Optional<Quota.GpuHourBudget> budget = index.quota(team, pool).flatMap(Quota::gpuHourBudget);
    if (use == null || budget.isEmpty()) {
      return 0;
    }
    return use.period() == Allocations.periodOf(now, budget.get().period()) ? use.gpuHours() : 0;
  }

  /** Per team × pool usage, for reports and invariant checks. */
  public Map<TeamPool, TeamUsage> teamUsages() {
    return Map.copyOf(allocations.teams);
  }
}
