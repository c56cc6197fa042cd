package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a requester submits.
 *
 * @param desired for a quota change the new guarantee; for a reservation its size; for a policy
 *     exception or workload admission the GPUe it concerns
 * @param from start of the period (empty = now)
 * @param until end of the period; empty = permanent (not allowed for reservations and exceptions)
 * @param ticketRef external ticket reference (required for policy exceptions); for a workload
 *     ticket, the workload's apiVersion (what finds it again through the Kubernetes API)
 * @param subject what the request is about beyond team and pool: the policy of an exception, the
 *     workload key of an admission, the initiative of a reservation
 * @param belowUsage for a quota decrease, whether the new guarantee may be below current usage
 */
public record RequestDraft(
    RequestKind kind,
    TeamId team,
    PoolId pool,
    Gpue desired,
    Optional<Instant> from,
    Optional<Instant> until,
    String justification,
    Optional<Double> costEstimate,
    Optional<String> ticketRef,
    String subject,
    UserId requester,
    BelowUsage belowUsage) {

  public RequestDraft {
    Objects.requireNonNull(belowUsage, "belowUsage");
  }

  public RequestDraft withBelowUsage(BelowUsage b) {
    return new RequestDraft(
        kind,
        team,
        pool,
        desired,
        from,
        until,
        justification,
        costEstimate,
        ticketRef,
        subject,
        requester,
        b);
  }
}
