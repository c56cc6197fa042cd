package io.gpuarbiter.ledger;

import io.gpuarbiter.ledger.encoding.EntryDraft;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * Appends entries. Safe for concurrent use from many threads and many replicas sharing one
 * database.
 */
public interface LedgerWriter {

  /**
   * Appends one entry and returns only once it is durable: its row is committed and the commit is
   * on stable storage (PostgreSQL: {@code synchronous_commit=on} for the transaction; H2: the
   * commit is written and the file fsynced). Concurrent appends share one transaction and one
   * durability wait (group commit); a database failure fails every append of that transaction.
   *
   * <p>Ordering: entries get their {@code seq} in the order the sequencer finds them committed
   * (queue id order); two appends from one thread in sequence get increasing seqs.
   *
   * <p>Not idempotent: appending the same draft twice stores two entries (the ledger does not
   * interpret or de-duplicate; a caller that needs it puts an identity into the body).
   *
   * @throws LedgerStorageException if the database fails; the entry then must be treated as not
   *     appended (it may or may not exist: a retry may store it twice)
   */
  AppendReceipt append(EntryDraft draft);

  /**
   * Appends several entries in one transaction: all or none are stored, durably, with consecutive
   * queue ids in list order. Same failure semantics as {@link #append}.
   */
  List<AppendReceipt> appendAll(List<EntryDraft> drafts);

  /**
   * The seq of a queued entry, once the sequencer has integrated it.
   *
   * @throws LedgerInputException.NotFound if no entry has this queue id
   */
  OptionalLong sequenceOf(long queueId);

  /**
   * Waits until the entry is integrated and returns its seq. The checkpoint covering it is signed
   * in the same transaction, so {@link LedgerReader#latestCheckpoint()} covers it when this
   * returns.
   *
   * @throws TimeoutException if no sequencer integrated it in time (e.g. none is running)
   * @throws LedgerInputException.NotFound if no entry has this queue id
   */
  long awaitSequenced(long queueId, Duration timeout) throws TimeoutException, InterruptedException;
}
