package io.gpuarbiter.ledger;

import io.gpuarbiter.ledger.encoding.EntryDraft;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Work that writes its own rows in the same transaction as ledger entries, so that they commit
 * together or not at all (the arbiter's charges and the decisions that made them). The ledger opens
 * the transaction, makes the commit durable (as {@link LedgerWriter#append}) and knows nothing
 * about the caller's rows.
 *
 * @param <T> what the work returns to its caller
 */
@FunctionalInterface
public interface LedgerTransaction<T> {
  /**
   * @param tx the transaction (its connection's current schema holds the ledger's tables)
   * @param entries appends entries in this transaction
   * @throws RuntimeException to roll everything back; it reaches the caller of {@link
   *     Ledger#transact} unchanged
   */
  T run(DSLContext tx, Entries entries);

  /** Appends entries inside the caller's transaction: consecutive queue ids in list order. */
  @FunctionalInterface
  interface Entries {
    List<AppendReceipt> append(List<EntryDraft> drafts);
  }
}
