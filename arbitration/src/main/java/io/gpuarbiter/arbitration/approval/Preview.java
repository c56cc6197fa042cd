package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.decision.ApprovalRequest;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What submitting a draft would do, without creating anything (the {@code validateOnly} answer):
 * whether it is valid, who must approve, whether the pool has unpromised capacity for it, and whose
 * guarantees would be squeezed if it does not.
 *
 * @param unpromised pool capacity not yet guaranteed to a team or reserved now
 * @param squeezed teams holding guarantees in the pool, when the ask is more than unpromised
 */
public record Preview(
    Optional<WorkflowError> refused,
    Optional<ApprovalRequest> route,
    Gpue excess,
    Gpue unpromised,
    boolean capacityExists,
    List<TeamId> squeezed) {

  public static Preview of(RequestDraft draft, GovernanceSnapshot s, Instant now) {
    Step step = Workflow.submit("preview", draft, s, now);
    Gpue current = Workflow.currentGuarantee(draft, s);
    Gpue excess =
        draft.kind() == RequestKind.QUOTA_CHANGE
            ? draft.desired().minusOrZero(current)
            : draft.desired();
    Gpue promised = Gpue.ZERO;
    for (Quota q : s.model().quotas()) {
      if (q.pool().equals(draft.pool())) {
        promised = promised.plus(q.guaranteed());
      }
    }
    for (Reservation r : s.model().reservations()) {
      if (r.pool().equals(draft.pool()) && r.activeAt(now)) {
        promised = promised.plus(r.size());
      }
    }
    Gpue capacity = s.index().pool(draft.pool()).map(p -> p.capacity()).orElse(Gpue.ZERO);
    Gpue unpromised = capacity.minusOrZero(promised);
    boolean fits = !excess.exceeds(unpromised);
    List<TeamId> squeezed =
        fits
            ? List.of()
            : s.model().quotas().stream()
                .filter(q -> q.pool().equals(draft.pool()) && !q.team().equals(draft.team()))
                .filter(q -> !q.guaranteed().isZero())
                .map(Quota::team)
                .toList();
    return switch (step) {
      case Step.Refused r ->
          new Preview(Optional.of(r.error()), Optional.empty(), excess, unpromised, fits, squeezed);
      case Step.Done d ->
          new Preview(Optional.empty(), d.request().route(), excess, unpromised, fits, squeezed);
    };
  }
}
