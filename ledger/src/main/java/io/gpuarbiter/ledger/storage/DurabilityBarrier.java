package io.gpuarbiter.ledger.storage;

import io.gpuarbiter.ledger.LedgerStorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Makes committed H2 transactions durable with group commit.
 *
 * <p>Why: with {@code WRITE_DELAY=0} H2 writes every commit to its file before the commit returns
 * (no background writer), but it never fsyncs on commit; the data sits in the OS page cache. That
 * survives {@code kill -9} but not a power cut. {@code CHECKPOINT SYNC} forces the file to the
 * device ({@code FileChannel.force(true)}). One fsync covers every commit that finished before it
 * started, so concurrent appenders share it: a committer takes a ticket, and either finds a
 * finished sync with a higher watermark, or waits for the running one and then leads the next.
 *
 * <p>PostgreSQL does not need this: its commit with {@code synchronous_commit=on} returns after the
 * WAL flush, and PostgreSQL groups those flushes itself.
 */
public final class DurabilityBarrier {

  private final DataSource dataSource;
  private final AtomicLong tickets = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition synced = lock.newCondition();
  private long durableUpTo;
  private boolean syncing;
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

  /** Call after a commit has returned; returns once that commit is fsynced. */
  public void awaitDurable() {
    long ticket = tickets.incrementAndGet();
    commitCount.increment();
    lock.lock();
    try {
      while (durableUpTo < ticket) {
        if (syncing) {
          synced.awaitUninterruptibly();
          continue;
        }
        syncing = true;
        long target = tickets.get();
        lock.unlock();
        try {
          sync();
        } finally {
          lock.lock();
          syncing = false;
          synced.signalAll();
        }
        durableUpTo = Math.max(durableUpTo, target);
      }
    } finally {
      lock.unlock();
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

  /** Group-commit figures since start: how many commits each fsync covered and how long it took. */
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
