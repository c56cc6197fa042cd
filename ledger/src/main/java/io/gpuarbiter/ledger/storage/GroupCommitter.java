package io.gpuarbiter.ledger.storage;

import io.gpuarbiter.ledger.AppendReceipt;
import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.encoding.EntryCodec;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for single appends: the entries of concurrent callers go into one transaction and,
 * on H2, one fsync. Why: a commit costs far more than an insert (H2 writes an MVStore chunk per
 * commit with {@code WRITE_DELAY=0}; PostgreSQL flushes its WAL), so under load one commit per
 * entry spends most of the CPU on commits.
 *
 * <p>Leader/follower on the callers' own threads: a caller that finds no commit running commits
 * everything queued (its own entry included) at once; the others wait for it and the next one leads
 * the following batch. An idle ledger therefore commits a lone entry immediately, without a timer
 * or a thread hand-off. A batch fails or succeeds as a whole, like {@link EntryStore#append}. Each
 * draft is encoded on its caller's thread, so that work is not serialised behind the leader.
 */
public final class GroupCommitter {
  private final BatchStore store;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition finished = lock.newCondition();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean committing;
  private final LongAdder batches = new LongAdder();
  private final LongAdder entries = new LongAdder();

  /** One caller's entry; its fields are written and read under {@link #lock}. */
  private static final class Pending {
    final EntryDraft draft;
    final byte[] canonical;
    AppendReceipt receipt;
    RuntimeException failure;
    boolean done;

    Pending(EntryDraft draft, byte[] canonical) {
      this.draft = draft;
      this.canonical = canonical;
    }
  }

  /** Stores a batch in one transaction, durably: {@link EntryStore#appendEncoded}. */
  @FunctionalInterface
  interface BatchStore {
    List<AppendReceipt> append(List<EntryDraft> drafts, List<byte[]> canonical);
  }

  /**
   * @param maxBatch most entries in one transaction
   */
  public static GroupCommitter over(EntryStore store, int maxBatch) {
    return new GroupCommitter(store::appendEncoded, maxBatch);
  }

  GroupCommitter(BatchStore store, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be ≥ 1");
    }
    this.store = store;
    this.maxBatch = maxBatch;
  }

  /** Appends one entry and returns once it is durable, sharing the commit with concurrent calls. */
  public AppendReceipt append(EntryDraft draft) {
    Pending mine = new Pending(draft, EntryCodec.encode(draft));
    lock.lock();
    try {
      queue.add(mine);
      while (!mine.done) {
        if (committing) {
          finished.awaitUninterruptibly();
          continue;
        }
        lead();
      }
    } finally {
      lock.unlock();
    }
    if (mine.failure != null) {
      // A fresh exception: the original was thrown on the leader's thread.
      throw new LedgerStorageException(mine.failure.getMessage(), mine.failure);
    }
    return mine.receipt;
  }

  /** Commits the queued batch with the lock released; called and returns with the lock held. */
  private void lead() {
    committing = true;
    List<Pending> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    List<AppendReceipt> receipts = null;
    RuntimeException failure = null;
    lock.unlock();
    try {
      receipts =
          store.append(
              batch.stream().map(p -> p.draft).toList(),
              batch.stream().map(p -> p.canonical).toList());
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      lock.lock();
      // Even on an Error, every follower of this batch is answered and the next one may lead.
      if (receipts == null && failure == null) {
        failure = new LedgerStorageException("append failed; the entries are not acknowledged");
      }
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        p.receipt = receipts == null ? null : receipts.get(i);
        p.failure = receipts == null ? failure : null;
        p.done = true;
      }
      batches.increment();
      entries.add(batch.size());
      committing = false;
      finished.signalAll();
    }
  }

  /** Appends waiting for a commit (tests). */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Entries per commit since start, for benchmarks and metrics. */
  public double entriesPerCommit() {
    long b = batches.sum();
    return b == 0 ? 0 : (double) entries.sum() / b;
  }
}
