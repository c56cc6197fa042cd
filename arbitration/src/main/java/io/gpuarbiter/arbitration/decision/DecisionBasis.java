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

  /** The basis of a decision taken before any sizing or pool choice. */
  public static DecisionBasis early(String policyDigest, Optional<WorkloadClass> workloadClass) {
    return new DecisionBasis(policyDigest, workloadClass, Gpue.ZERO, Optional.empty(), List.of());
  }
}
