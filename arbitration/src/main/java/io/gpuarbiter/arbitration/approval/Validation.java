package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.time.Instant;
import java.util.Optional;

/** Checks a draft before it enters the workflow; the first problem found is reported. */
final class Validation {
  static final int MAX_TEXT = 4_000;

  private Validation() {}

  static Optional<WorkflowError> check(RequestDraft d, GovernanceSnapshot s, Instant now) {
    if (s.index().team(d.team()).isEmpty()) {
      return bad("team: unknown team \"" + d.team() + "\"");
    }
    if (s.index().pool(d.pool()).isEmpty()) {
      return bad("pool: unknown pool \"" + d.pool() + "\"");
    }
    if (d.kind() != RequestKind.QUOTA_CHANGE && d.desired().isZero()) {
      return bad("desired: must be more than 0 GPUe");
    }
    if (d.desired().exceeds(s.index().pool(d.pool()).orElseThrow().capacity())) {
      return bad("desired: " + d.desired() + " GPUe is more than pool " + d.pool() + " has");
    }
    if (d.justification() == null || d.justification().isBlank()) {
      return bad("justification: say why (it is what approvers read)");
    }
    if (d.justification().length() > MAX_TEXT || d.subject().length() > MAX_TEXT) {
      return bad("justification and subject are limited to " + MAX_TEXT + " characters");
    }
    if (d.costEstimate().map(c -> !(c >= 0) || c.isInfinite()).orElse(false)) {
      return bad("costEstimate: must be a non-negative amount");
    }
    return period(d, now);
  }

  private static Optional<WorkflowError> period(RequestDraft d, Instant now) {
    boolean timeBoxed =
        d.kind() == RequestKind.RESERVATION || d.kind() == RequestKind.POLICY_EXCEPTION;
    if (timeBoxed && d.until().isEmpty()) {
      return bad("until: a " + d.kind().label() + " is time-boxed: give the end of its period");
    }
    if (d.kind() == RequestKind.POLICY_EXCEPTION && d.subject().isBlank()) {
      return bad("subject: name the policy the exception is for");
    }
    if (d.kind() == RequestKind.POLICY_EXCEPTION
        && d.ticketRef().filter(t -> !t.isBlank()).isEmpty()) {
      return bad("ticketRef: a policy exception needs the ticket it answers");
    }
    Instant from = d.from().orElse(now);
    if (d.until().isPresent() && !d.until().get().isAfter(from)) {
      return bad(
          "until: the period ends (" + d.until().get() + ") before it starts (" + from + ")");
    }
    if (d.until().isPresent() && !d.until().get().isAfter(now)) {
      return bad("until: the period is already over");
    }
    return Optional.empty();
  }

  private static Optional<WorkflowError> bad(String message) {
    return Optional.of(WorkflowError.invalid(message));
  }
}
