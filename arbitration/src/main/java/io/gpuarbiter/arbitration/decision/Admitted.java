package io.gpuarbiter.arbitration.decision;

import io.gpuarbiter.arbitration.snapshot.Charge;
import java.util.List;

/** Entitled now: charge {@link #charge()} and hand {@link #placement()} to the scheduler. */
public record Admitted(
    Placement placement,
    Charge charge,
    List<Reason> reasons,
    List<Reason> warnings,
    DecisionBasis basis)
    implements Decision {

  public Admitted {
    reasons = List.copyOf(reasons);
    warnings = List.copyOf(warnings);
  }

  @Override
  public String outcome() {
    return "admitted";
  }
}
