package io.gpuarbiter.api.requests;

import io.gpuarbiter.arbitration.approval.BelowUsage;
import io.gpuarbiter.arbitration.approval.RequestDraft;
import io.gpuarbiter.arbitration.approval.RequestKind;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /api/v1/requests}. The requester is the caller, never a field. Read by
 * {@link #read} from a {@link StrictBody}; the record is the shape the OpenAPI document shows.
 *
 * @param kind quota-change, reservation or policy-exception
 * @param desired GPUe: the new guarantee (quota-change) or the size (reservation)
 * @param subject the policy of an exception or the initiative of a reservation
 */
@Serdeable
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record RequestSubmission(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 32) @Nullable String kind,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = StrictBody.MAX_ID) @Nullable
        String team,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = StrictBody.MAX_ID) @Nullable
        String pool,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            minimum = "0",
            maximum = MAX_GPUE,
            multipleOf = 0.000001,
            description = "GPUe, at most 6 decimals")
        @Nullable
        BigDecimal desired,
    @Schema(description = "RFC 3339 UTC, years 2000–9999") @Nullable Instant from,
    @Schema(description = "RFC 3339 UTC, years 2000–9999") @Nullable Instant until,
    @Schema(maxLength = StrictBody.MAX_TEXT) @Nullable String justification,
    @Schema(minimum = "0", maximum = MAX_COST) @Nullable Double costEstimate,
    @Schema(maxLength = StrictBody.MAX_ID) @Nullable String ticketRef,
    @Schema(maxLength = StrictBody.MAX_ID) @Nullable String subject,
    @Schema(
            description =
                "quota-change only: allow a new guarantee below the team's current usage in the"
                    + " pool (running work keeps its GPUs); refused without it")
        @Nullable
        Boolean allowDecreaseBelowUsage) {

  /** Largest GPUe a request may ask for or grant. */
  static final String MAX_GPUE = "1000000";

  /** Largest cost estimate. */
  static final String MAX_COST = "1000000000000";

  static final Set<String> FIELDS =
      Set.of(
          "kind",
          "team",
          "pool",
          "desired",
          "from",
          "until",
          "justification",
          "costEstimate",
          "ticketRef",
          "subject",
          "allowDecreaseBelowUsage");

  /** The submission in {@code body}, or an {@link IllegalArgumentException} naming the field. */
  static RequestSubmission read(byte[] body) {
    StrictBody b = StrictBody.parse(body, FIELDS);
    return new RequestSubmission(
        b.text("kind", 32).orElse(null),
        b.text("team", StrictBody.MAX_ID).orElse(null),
        b.text("pool", StrictBody.MAX_ID).orElse(null),
        b.number("desired", BigDecimal.ZERO, new BigDecimal(MAX_GPUE), 6).orElse(null),
        b.instant("from").orElse(null),
        b.instant("until").orElse(null),
        b.text("justification", StrictBody.MAX_TEXT).orElse(null),
        b.number("costEstimate", BigDecimal.ZERO, new BigDecimal(MAX_COST), 6)
            .map(BigDecimal::doubleValue)
            .orElse(null),
        b.text("ticketRef", StrictBody.MAX_ID).orElse(null),
        b.text("subject", StrictBody.MAX_ID).orElse(null),
        b.bool("allowDecreaseBelowUsage").orElse(null));
  }

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
    if (desired == null) {
      throw new IllegalArgumentException(
          "desired: expected GPUe from 0 to " + MAX_GPUE + " with at most 6 decimals, got null");
    }
    if (Boolean.TRUE.equals(allowDecreaseBelowUsage) && k != RequestKind.QUOTA_CHANGE) {
      throw new IllegalArgumentException(
          "allowDecreaseBelowUsage: only for a quota-change, not a " + k.label());
    }
    if (from != null && until != null && !until.isAfter(from)) {
      throw new IllegalArgumentException("until: must be after from (" + from + ")");
    }
    return new RequestDraft(
        k,
        new TeamId(require(team, "team")),
        new PoolId(require(pool, "pool")),
        Gpue.parse(desired.toPlainString()),
        Optional.ofNullable(from),
        Optional.ofNullable(until),
        justification == null ? "" : justification,
        Optional.ofNullable(costEstimate),
        Optional.ofNullable(ticketRef),
        subject == null ? "" : subject,
        requester,
        Boolean.TRUE.equals(allowDecreaseBelowUsage) ? BelowUsage.ALLOW : BelowUsage.REFUSE);
  }

  private static String require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": required");
    }
    return value;
  }
}
