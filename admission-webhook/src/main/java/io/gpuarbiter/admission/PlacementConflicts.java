package io.gpuarbiter.admission;

import io.gpuarbiter.admission.Arbiter.PlacementCheck;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.Denied;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.ReasonCode;
import io.gpuarbiter.arbitration.decision.Suggestion;
import java.util.List;
import java.util.Optional;

/**
 * An admission the stored object contradicts (a user-set queue, node selector or priority that is
 * not the placement) is a denial. The arbiter applies it before it charges, so the ledger, the
 * snapshot and the answer the client gets all say the same thing.
 */
public final class PlacementConflicts {
  private PlacementConflicts() {}

  /** The decision, or the denial it becomes when the object disagrees with its placement. */
  public static Decision checked(Decision decision, PlacementCheck check) {
    if (!(decision instanceof Admitted a)) {
      return decision;
    }
    List<String> wrong = check.disagreements(a.placement());
    if (wrong.isEmpty()) {
      return decision;
    }
    return new Denied(
        List.of(Reason.of(ReasonCode.PLACEMENT_CONFLICT, String.join("; ", wrong))),
        a.warnings(),
        a.basis(),
        List.of(
            new Suggestion.AmendRequest(
                "remove these settings and GPU Arbiter sets the admitted ones")),
        Optional.of(a.charge()));
  }
}
