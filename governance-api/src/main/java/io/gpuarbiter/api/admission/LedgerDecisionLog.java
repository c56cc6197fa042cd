package io.gpuarbiter.api.admission;

import io.gpuarbiter.api.database.DatabaseGate;
import io.gpuarbiter.arbiter.DecisionLog;
import io.gpuarbiter.arbiter.DecisionRecord;
import io.gpuarbiter.ledger.AppendReceipt;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decisions go to the verifiable ledger: {@link Ledger#append} returns once the entry is durable
 * (fsynced), which is what lets the webhook answer.
 *
 * <p>When the database fails, the log says so at once instead of letting every review wait for its
 * own connection timeout: a failed append closes the {@link DatabaseGate} (its heartbeat may have
 * closed it already), every append while it is closed is refused immediately (the webhook denies
 * with 503), and the heartbeat opens it again once the database answers.
 */
@Singleton
public class LedgerDecisionLog implements DecisionLog {
  private final Ledger ledger;
  private final DatabaseGate gate;

  @Inject
  LedgerDecisionLog(Ledger ledger, DatabaseGate gate) {
    this.ledger = ledger;
    this.gate = gate;
  }

  @Override
  public Position append(DecisionRecord record) throws DecisionLogUnavailable {
    Optional<DatabaseGate.Outage> down = gate.outage();
    if (down.isPresent()) {
      throw new DecisionLogUnavailable(down.get().describe(), null);
    }
    try {
      return write(record);
    } catch (LedgerStorageException e) {
      gate.trip("a ledger append failed: " + e.getMessage());
      String why = gate.outage().map(DatabaseGate.Outage::describe).orElse(e.getMessage());
      throw new DecisionLogUnavailable(why, e);
    }
  }

  private Position write(DecisionRecord record) {
    AppendReceipt receipt =
        ledger.append(
            new EntryDraft(
                record.kind(),
                record.recordedAt(),
                blankToNull(record.team()),
                blankToNull(record.namespace()),
                record.outcome(),
                record.decisionId(), // the subject: GET /api/v1/ledger/decisions/{id} finds it
                record.canonicalBody()));
    // The sequencer numbers entries in batches, after this returns: asking for the seq now
    // would cost a query per review and almost always answer "not yet".
    return new Position(receipt.queueId(), OptionalLong.empty());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
