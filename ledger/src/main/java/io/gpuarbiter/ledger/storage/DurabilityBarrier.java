package io.gpuarbiter.ledger.storage;

import io.gpuarbiter.ledger.LedgerStorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Makes H2 ledger transactions durable: each one runs, commits and is fsynced while no other ledger
 * transaction is running.
 *
 * <p>Why exclusive: with {@code WRITE_DELAY=0} H2 writes an MVStore chunk on the committing thread
 * before the commit returns ({@code TransactionStore.endTransaction} calls {@code MVStore.commit};
 * there is no background writer), and {@code CHECKPOINT SYNC} commits the store again and forces
 * the file ({@code Database.sync} → {@code Store.sync} → {@code MVStore.commit} + {@code
 * FileStore.sync}). But a store is not a transaction-consistent snapshot when other sessions write
 * at the same time: {@code MVStore.collectChangedMapRoots} takes each map's root one after the
 * other while other threads go on changing maps (inserting rows, or rewriting their entries as
 * committed in {@code TransactionStore.commit}), and {@code MVStore.commit} skips its own store
 * when another one ran while it waited for the store lock ({@code currentVersion} changed). Under
 * {@code kill -9} with the group committer and the sequencer committing concurrently, H2 2.5.252
 * came back without acknowledged entries (a tail of the last milliseconds) and once with a tree
 * head whose frontier node was missing (part of one sequencer transaction stored, part not); see
 * {@code CrashRecoveryIT}. Serialising the ledger's writers makes every store capture only fully
 * committed ledger transactions, and the sync after each one covers it.
 *
 * <p>Group commit is kept: concurrent single appends still share one transaction (one fsync) in
 * {@link GroupCommitter}, whose leader already committed one batch at a time; what this adds is
 * that the sequencer's transactions and {@code appendAll} take turns with those batches.
 *
 * <p>PostgreSQL does not need this: its commit with {@code synchronous_commit=on} returns after the
 * WAL flush, and PostgreSQL groups those flushes itself.
 */
public final class DurabilityBarrier {

  private final DataSource dataSource;
  // Fair: the sequencer must not starve behind a stream of append batches.
  private final ReentrantLock writers = new ReentrantLock(true);
  private final LongAdder syncCount = new LongAdder();
  private final LongAdder syncNanos = new LongAdder();
  private final LongAdder commitCount = new LongAdder();

  private DurabilityBarrier(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Sets {@code WRITE_DELAY=0} on the H2 database (persistent; needs admin rights) and checks that
   * it took, then returns the barrier. With the default of 500 ms a commit may sit in memory for
   * half a second, and a {@code kill -9} loses it.
   */
  public static DurabilityBarrier configureH2(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET WRITE_DELAY 0");
      try (var rs =
          s.executeQuery(
              "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                  + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
        if (!rs.next() || !"0".equals(rs.getString(1))) {
          throw new LedgerStorageException("H2 did not accept WRITE_DELAY=0");
        }
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("cannot configure H2 commit durability", e);
    }
    return new DurabilityBarrier(dataSource);
  }

  /**
   * Runs {@code transaction} (which must commit before it returns) while no other ledger
   * transaction runs, then fsyncs; returns its result once the commit is on stable storage. A
   * transaction that throws is not synced (it did not commit).
   */
  public <T> T durably(Supplier<T> transaction) {
    writers.lock();
    try {
      T result = transaction.get();
      commitCount.increment();
      sync();
      return result;
    } finally {
      writers.unlock();
    }
  }

  private void sync() {
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    } catch (SQLException e) {
      throw new LedgerStorageException("H2 fsync failed", e);
    }
    syncNanos.add(System.nanoTime() - start);
    syncCount.increment();
  }

  /** Figures since start: durable transactions, fsyncs and how long the fsyncs took. */
  public Stats stats() {
    return new Stats(commitCount.sum(), syncCount.sum(), syncNanos.sum());
  }

  /** Counters for benchmarks: the group-commit window is {@code syncNanos / syncs}. */
  public record Stats(long commits, long syncs, long syncNanos) {
    public double commitsPerSync() {
      return syncs == 0 ? 0 : (double) commits / syncs;
    }

    public double meanSyncMillis() {
      return syncs == 0 ? 0 : syncNanos / 1e6 / syncs;
    }
  }
}
