package io.gpuarbiter.api.admission;

import io.gpuarbiter.admission.arbiter.DecisionLog;
import io.gpuarbiter.admission.arbiter.DecisionRecord;
import io.gpuarbiter.ledger.AppendReceipt;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import jakarta.inject.Singleton;
import java.util.OptionalLong;

/**
 * Decisions go to the verifiable ledger: {@link Ledger#append} returns once the entry is durable
 * (fsynced), which is what lets the webhook answer.
 */
@Singleton
public class LedgerDecisionLog implements DecisionLog {
  private final Ledger ledger;

  LedgerDecisionLog(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Position append(DecisionRecord record) throws DecisionLogUnavailable {
    try {
      AppendReceipt receipt =
          ledger.append(
              new EntryDraft(
                  record.kind(),
                  record.recordedAt(),
                  blankToNull(record.team()),
                  blankToNull(record.namespace()),
                  record.outcome(),
                  record.canonicalBody()));
      // The sequencer numbers entries in batches, after this returns: asking for the seq now
      // would cost a query per review and almost always answer "not yet".
      return new Position(receipt.queueId(), OptionalLong.empty());
    } catch (LedgerStorageException e) {
      throw new DecisionLogUnavailable(e.getMessage(), e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
