package io.gpuarbiter.ledger.sequencer;

import io.gpuarbiter.ledger.storage.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Leadership for the sequencer: at most one holder per database at a time.
 *
 * <p>PostgreSQL: a session advisory lock ({@code pg_try_advisory_lock}) on a connection kept open
 * while leading; if the connection dies, PostgreSQL releases the lock and another replica takes
 * over. H2 is embedded in one process, so an in-process lock keyed by the database URL suffices.
 * Either way the tree-head row lock in {@code TreeStore.integrate} remains the safety net; this
 * lock only keeps replicas from queueing on it.
 */
public interface SequencerLock {

  /** Tries to become (or confirms being) the leader. Never blocks for long. */
  boolean tryAcquire();

  /** Gives leadership up. Idempotent. */
  void release();

  /** The sequencer's lock for this database. */
  static SequencerLock forDatabase(DataSource dataSource, Dialect dialect) {
    return forDatabase(dataSource, dialect, AdvisoryLock.KEY);
  }

  /**
   * Another leadership on the same database, named by {@code key} (the service's singletons use one
   * besides the sequencer's): same mechanism, independent holder.
   */
  static SequencerLock forDatabase(DataSource dataSource, Dialect dialect, long key) {
    return dialect == Dialect.POSTGRES
        ? new AdvisoryLock(dataSource, key)
        : new InProcessLock(InProcessLock.key(dataSource) + "#" + key);
  }

  /** PostgreSQL session advisory lock. */
  final class AdvisoryLock implements SequencerLock {
    /** "gpuledgr" as a 64-bit key: shared by every replica of the application. */
    static final long KEY = 0x6770756c65646772L;

    private final DataSource dataSource;
    private final long key;
    private Connection held;

    AdvisoryLock(DataSource dataSource, long key) {
      this.dataSource = dataSource;
      this.key = key;
    }

    @Override
    public synchronized boolean tryAcquire() {
      try {
        if (held != null) {
          if (held.isValid(2)) {
            return true;
          }
          release();
        }
        Connection c = dataSource.getConnection();
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
          s.setLong(1, key);
          try (ResultSet rs = s.executeQuery()) {
            if (rs.next() && rs.getBoolean(1)) {
              held = c;
              return true;
            }
          }
        }
        c.close();
        return false;
      } catch (SQLException e) {
        release();
        return false;
      }
    }

    @Override
    public synchronized void release() {
      if (held == null) {
        return;
      }
      try (PreparedStatement s = held.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        s.setLong(1, key);
        s.execute();
      } catch (SQLException e) {
        // The session is gone, and with it the lock: nothing left to release.
      } finally {
        try {
          held.close();
        } catch (SQLException e) {
          // Closing a broken connection may fail; the lock died with its session.
        }
        held = null;
      }
    }
  }

  /** In-process lock for embedded H2. */
  final class InProcessLock implements SequencerLock {
    private static final ConcurrentHashMap<String, InProcessLock> HOLDERS =
        new ConcurrentHashMap<>();
    private final String key;

    InProcessLock(String key) {
      this.key = key;
    }

    static String key(DataSource dataSource) {
      try (Connection c = dataSource.getConnection()) {
        return c.getMetaData().getURL();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the database URL", e);
      }
    }

    @Override
    public boolean tryAcquire() {
      return HOLDERS.putIfAbsent(key, this) == null || HOLDERS.get(key) == this;
    }

    @Override
    public void release() {
      HOLDERS.remove(key, this);
    }
  }
}
