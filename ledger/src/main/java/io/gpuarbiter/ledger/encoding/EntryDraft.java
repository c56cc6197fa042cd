package io.gpuarbiter.ledger.encoding;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a caller appends to the ledger. The ledger does not interpret any of it: {@code kind} and
 * the index attributes only serve queries, {@code body} is the caller's own canonical bytes.
 *
 * <p>{@code recordedAt} is given by the caller (the ledger never reads the clock to build an entry)
 * and is kept with microsecond precision: finer digits are truncated here, so that the value in the
 * canonical bytes and the value in the database column are the same on H2 and PostgreSQL.
 *
 * @param kind what sort of entry this is, e.g. {@code admission}, {@code approval}, {@code
 *     quota-change}: 1..64 characters of [a-z0-9._-]
 * @param recordedAt when the caller decided it (truncated to microseconds)
 * @param team index attribute, nullable, at most 256 characters
 * @param namespace index attribute, nullable, at most 256 characters
 * @param outcome index attribute, nullable, at most 64 characters
 * @param subject what the entry is about, as the caller names it (e.g. a request id), so that its
 *     entries are found by key: nullable, else 1..256 characters. Part of the canonical bytes
 * @param body opaque canonical bytes produced by the caller, at most 1 MiB
 */
public record EntryDraft(
    String kind,
    Instant recordedAt,
    String team,
    String namespace,
    String outcome,
    String subject,
    byte[] body) {

  /** Largest body accepted: the ledger stores decisions, not artefacts. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  public EntryDraft {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(body, "body");
    if (!kind.matches("[a-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("kind must be 1..64 characters of [a-z0-9._-]: " + kind);
    }
    checkLength("team", team, 256);
    checkLength("namespace", namespace, 256);
    checkLength("outcome", outcome, 64);
    checkLength("subject", subject, 256);
    if (subject != null && subject.isEmpty()) {
      throw new IllegalArgumentException("subject must not be empty (absent is null)");
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("body larger than " + MAX_BODY_BYTES + " bytes");
    }
    recordedAt = recordedAt.truncatedTo(ChronoUnit.MICROS);
    body = body.clone();
  }

  /** A draft without a subject. */
  public EntryDraft(
      String kind, Instant recordedAt, String team, String namespace, String outcome, byte[] body) {
    this(kind, recordedAt, team, namespace, outcome, null, body);
  }

  private static void checkLength(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException(field + " longer than " + max + " characters");
    }
  }

  /** A copy of the body: the record stays immutable. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryDraft d
        && kind.equals(d.kind)
        && recordedAt.equals(d.recordedAt)
        && Objects.equals(team, d.team)
        && Objects.equals(namespace, d.namespace)
        && Objects.equals(outcome, d.outcome)
        && Objects.equals(subject, d.subject)
        && Arrays.equals(body, d.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, recordedAt, team, namespace, outcome, subject, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return ("EntryDraft[kind=%s, recordedAt=%s, team=%s, namespace=%s, outcome=%s, subject=%s,"
            + " body=%d bytes]")
        .formatted(kind, recordedAt, team, namespace, outcome, subject, body.length);
  }
}
