package io.gpuarbiter.arbitration.decision;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.util.List;
import java.util.Optional;

/**
 * What a decision was based on: the policy bundle, the class, the GPUe asked, and the quota and
 * reservation numbers of the pool it was decided in (empty before a pool was chosen).
 */
public record DecisionBasis(
    String policyDigest,
    Optional<WorkloadClass> workloadClass,
    Gpue requested,
    Optional<QuotaBasis> quota,
    List<ReservationBasis> reservations) {

  public DecisionBasis {
    reservations = List.copyOf(reservations);
  }

  /**
   * The basis of a decision taken before the pool choice.
   *
   * @param requested the most the ask can be charged on any pool (a pool's share of a memory ask or
   *     a MIG slice is not known yet)
   */
  public static DecisionBasis early(
      String policyDigest, Optional<WorkloadClass> workloadClass, Gpue requested) {
    return new DecisionBasis(policyDigest, workloadClass, requested, Optional.empty(), List.of());
  }
}
