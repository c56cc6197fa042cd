package io.gpuarbiter.arbitration.decision;

import io.gpuarbiter.arbitration.snapshot.Charge;
import java.util.List;
import java.util.Optional;

/**
 * Not entitled. The reasons say which rule and which numbers; {@link #wouldPass()} says what would:
 * a smaller request, another pool, who can approve, or a change to the request.
 *
 * @param charge what admitting would have charged, when the request could be sized and placed
 */
public record Denied(
    List<Reason> reasons,
    List<Reason> warnings,
    DecisionBasis basis,
    List<Suggestion> wouldPass,
    Optional<Charge> charge)
    implements Decision {

  public Denied {
    reasons = List.copyOf(reasons);
    warnings = List.copyOf(warnings);
    wouldPass = List.copyOf(wouldPass);
  }

  @Override
  public String outcome() {
    return "denied";
  }
}
