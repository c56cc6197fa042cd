package io.gpuarbiter.api.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks the database every {@code interval} whether it answers, on a connection of its own (never
 * one of the pool's: a pool busy with legitimate load must not look like an outage, and a pool wait
 * is what the gate exists to avoid). No answer within {@code timeout}, or a lost connection, closes
 * the {@link DatabaseGate}; an answer opens it again. No review pays for the asking.
 */
final class Heartbeat implements AutoCloseable {
  /** Opens the heartbeat's own connection. */
  @FunctionalInterface
  interface Connector {
    Connection open() throws SQLException;
  }

  private final DatabaseGate gate;
  private final Connector connector;
  private final Duration timeout;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("database-heartbeat").unstarted(r));
  private final Executor direct = Runnable::run;
  private Connection connection; // only the timer thread touches it

  Heartbeat(DatabaseGate gate, Connector connector, Duration timeout) {
    this.gate = gate;
    this.connector = connector;
    this.timeout = timeout;
  }

  /** Starts asking every {@code interval}. */
  Heartbeat start(Duration interval) {
    timer.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One question: opens the way on an answer, closes it on a failure or silence. */
  void beat() {
    try {
      if (connection == null) {
        connection = connector.open();
        bound(connection);
      }
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT 1");
      }
      gate.reopen();
    } catch (SQLException | RuntimeException e) {
      forget();
      gate.trip("no answer to the heartbeat: " + e.getMessage());
    }
  }

  /** The heartbeat's answer is bounded; an embedded database (H2) answers in-process anyway. */
  private void bound(Connection c) throws SQLException {
    try {
      c.setNetworkTimeout(direct, (int) timeout.toMillis());
    } catch (SQLFeatureNotSupportedException embedded) {
      // H2 in file mode has no network between it and us.
    }
  }

  private void forget() {
    if (connection != null) {
      try {
        connection.abort(direct);
      } catch (SQLException | RuntimeException ignored) {
        // already gone: nothing to give back
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    forget();
  }
}
