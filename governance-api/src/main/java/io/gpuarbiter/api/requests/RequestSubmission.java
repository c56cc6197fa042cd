package io.gpuarbiter.api.requests;

import io.gpuarbiter.arbitration.approval.RequestDraft;
import io.gpuarbiter.arbitration.approval.RequestKind;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /api/v1/requests}. The requester is the caller, never a field.
 *
 * @param kind quota-change, reservation or policy-exception
 * @param desired GPUe: the new guarantee (quota-change) or the size (reservation)
 * @param subject the policy of an exception or the initiative of a reservation
 */
@Serdeable
public record RequestSubmission(
    @Nullable String kind,
    @Nullable String team,
    @Nullable String pool,
    @Nullable BigDecimal desired,
    @Nullable Instant from,
    @Nullable Instant until,
    @Nullable String justification,
    @Nullable Double costEstimate,
    @Nullable String ticketRef,
    @Nullable String subject) {

  /** Longest subject (a policy or initiative name); the column is indexed, so it stays short. */
  static final int MAX_SUBJECT = 253;

  /** The draft, or an {@link IllegalArgumentException} naming the field that is wrong. */
  RequestDraft toDraft(UserId requester) {
    RequestKind k =
        RequestKind.fromLabel(require(kind, "kind"))
            .filter(x -> x != RequestKind.WORKLOAD_ADMISSION)
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "kind: expected one of "
                        + Arrays.stream(RequestKind.values())
                            .filter(x -> x != RequestKind.WORKLOAD_ADMISSION)
                            .map(RequestKind::label)
                            .collect(Collectors.joining(", "))));
    BigDecimal amount = desired;
    if (amount == null
        || amount.signum() < 0
        || amount.scale() > 6
        || amount.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
      throw new IllegalArgumentException(
          "desired: expected GPUe from 0 to 1000000 with at most 6 decimals, got " + amount);
    }
    if (subject != null && subject.length() > MAX_SUBJECT) {
      throw new IllegalArgumentException(
          "subject: at most " + MAX_SUBJECT + " characters, got " + subject.length());
    }
    return new RequestDraft(
        k,
        new TeamId(require(team, "team")),
        new PoolId(require(pool, "pool")),
        Gpue.parse(amount.toPlainString()),
        Optional.ofNullable(from),
        Optional.ofNullable(until),
        justification == null ? "" : justification,
        Optional.ofNullable(costEstimate),
        Optional.ofNullable(ticketRef),
        subject == null ? "" : subject,
        requester);
  }

  private static String require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": required");
    }
    return value;
  }
}
