package io.gpuarbiter.ledger.testing;

import io.gpuarbiter.ledger.encoding.EntryDraft;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Test entries: deterministic, with index attributes that cycle so filters have work to do. */
public final class Drafts {

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Drafts() {}

  /** The i-th test entry: team-(i%3), ns-(i%2), outcome admitted/denied, one second apart. */
  public static EntryDraft draft(int i) {
    return new EntryDraft(
        i % 5 == 0 ? "approval" : "admission",
        T0.plusSeconds(i),
        "team-" + (i % 3),
        "ns-" + (i % 2),
        i % 4 == 0 ? "denied" : "admitted",
        ("{\"decision\":" + i + "}").getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #draft(int) draft(i)} about {@code subject}. */
  public static EntryDraft about(int i, String subject) {
    EntryDraft d = draft(i);
    return new EntryDraft(
        d.kind(), d.recordedAt(), d.team(), d.namespace(), d.outcome(), subject, d.body());
  }
}
