package io.gpuarbiter.admission;

import io.gpuarbiter.arbitration.decision.Decision;
import java.util.OptionalLong;

/**
 * A decision as recorded.
 *
 * @param decisionId stable id of the decision (for audit annotations and the API)
 * @param ledgerEntry the durable id of its ledger entry
 * @param ledgerSeq the ledger entry's sequence number once sequenced; empty until then
 */
public record Arbitrated(
    Decision decision, String decisionId, long ledgerEntry, OptionalLong ledgerSeq) {}
