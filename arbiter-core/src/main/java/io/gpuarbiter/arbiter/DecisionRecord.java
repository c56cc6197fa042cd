package io.gpuarbiter.arbiter;

import java.time.Instant;

/**
 * One decision or release, ready for the ledger: index attributes for queries plus the canonical
 * body (see {@link DecisionEncoding}) that is hashed into the log.
 *
 * @param kind {@code admission} or {@code release}
 * @param outcome {@code admitted}, {@code denied}, {@code needs-approval} or {@code released}
 */
public record DecisionRecord(
    String decisionId,
    Instant recordedAt,
    String kind,
    String team,
    String namespace,
    String outcome,
    byte[] canonicalBody) {}
