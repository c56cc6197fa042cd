package io.gpuarbiter.api.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this replica may expect the database to answer. While the gate is closed every request
 * for a connection fails at once with the outage's cause, so a GPU review is denied promptly
 * instead of waiting out the pool's timeout (and never allowed late).
 *
 * <p>Closing also ends the waits already under way: a thread waiting in the pool for a connection
 * is interrupted and answered with the outage. Why interrupts: the pool has no per-call deadline,
 * and its shortest timeout (250 ms) alone would exceed the promise. Only threads inside {@link
 * #acquire} are interrupted, and the interrupt they were given is cleared before they return.
 *
 * <p>The gate is closed by {@link #trip} (the {@link Heartbeat}, or a caller whose statement lost
 * its connection) and opened again by {@link #reopen} once the database answers.
 */
public final class DatabaseGate {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseGate.class);

  /** Since when the database does not answer, and the first failure seen. */
  public record Outage(Instant since, String why) {
    public String describe() {
      return "the database has been unreachable since " + since + ": " + why;
    }
  }

  /** How a connection is obtained behind the gate (the pool's {@code getConnection}). */
  @FunctionalInterface
  public interface Source {
    Connection get() throws SQLException;
  }

  private final Clock clock;
  private final AtomicReference<Outage> outage = new AtomicReference<>();
  private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

  public DatabaseGate(Clock clock) {
    this.clock = clock;
  }

  /** The outage in progress, if the gate is closed. */
  public Optional<Outage> outage() {
    return Optional.ofNullable(outage.get());
  }

  /**
   * Closes the gate (if open) and ends every wait for a connection with the outage.
   *
   * @return whether this call closed it
   */
  public boolean trip(String why) {
    Outage started = new Outage(clock.instant(), why);
    if (!outage.compareAndSet(null, started)) {
      return false;
    }
    LOG.warn("database unreachable, refusing connections until it answers: {}", why);
    for (Waiter w : waiting) {
      w.interrupt();
    }
    return true;
  }

  /** Opens the gate again: the database answered. */
  public void reopen() {
    Outage ended = outage.getAndSet(null);
    if (ended != null) {
      LOG.info("database answers again (unreachable since {})", ended.since());
    }
  }

  /**
   * A connection from {@code source}, unless the gate is closed or closes while waiting for it.
   *
   * @throws SQLTransientConnectionException naming the outage, at once while the gate is closed
   */
  public Connection acquire(Source source) throws SQLException {
    refuseIfClosed();
    Waiter me = new Waiter(Thread.currentThread());
    waiting.add(me);
    Connection got = null;
    SQLException failed = null;
    try {
      // The gate may have closed between the check and the registration: check once more.
      refuseIfClosed();
      got = source.get();
    } catch (SQLException e) {
      failed = e;
    } finally {
      waiting.remove(me);
    }
    if (me.finish()) {
      Thread.interrupted(); // the interrupt was ours: the caller's thread must not keep it
      if (got != null) {
        got.close();
      }
      throw refused(outage.get(), failed);
    }
    if (failed != null) {
      throw failed;
    }
    return got;
  }

  private void refuseIfClosed() throws SQLTransientConnectionException {
    Outage down = outage.get();
    if (down != null) {
      throw refused(down, null);
    }
  }

  private static SQLTransientConnectionException refused(Outage down, Throwable cause) {
    String text = down == null ? "the database stopped answering" : down.describe();
    return new SQLTransientConnectionException(text, "08001", cause);
  }

  /** A thread inside {@link #acquire}; interrupted at most once, and only while it is inside. */
  private static final class Waiter {
    private final Thread thread;
    private boolean inside = true;
    private boolean interrupted;

    Waiter(Thread thread) {
      this.thread = thread;
    }

    synchronized void interrupt() {
      if (inside && !interrupted) {
        interrupted = true;
        thread.interrupt();
      }
    }

    /** Leaves; returns whether the wait was interrupted by the gate. */
    synchronized boolean finish() {
      inside = false;
      return interrupted;
    }
  }
}
