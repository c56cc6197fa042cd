package io.gpuarbiter.api.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The gate ends every wait for a connection when the database is found gone, leaves no interrupt
 * behind, and hands out nothing while closed; the heartbeat closes and opens it.
 */
class DatabaseGateTest {
  private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");
  private final DatabaseGate gate = new DatabaseGate(Clock.fixed(T0, ZoneOffset.UTC));

  @Test
  void aClosedGateRefusesAtOnceNamingTheOutageAndNeverAsksThePool() {
    gate.trip("connection refused");
    AtomicInteger asked = new AtomicInteger();
    assertThatThrownBy(() ->
            gate.acquire(() -> {
              asked.incrementAndGet();
              return connection(new AtomicBoolean());
            }))
        .isInstanceOf(SQLTransientConnectionException.class)
        .hasMessage(
            "the database has been unreachable since 2026-12-02T06:00:00Z: connection refused");
    assertThat(asked).hasValue(0);
  }

  @Test
  void tripEndsAWaitForAConnectionAndClearsTheInterruptItGave() throws Exception {
    CountDownLatch inPool = new CountDownLatch(1);
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread waiter =
        Thread.ofPlatform()
            .start(() -> {
              try {
                gate.acquire(() -> {
                  inPool.countDown();
                  try {
                    new CountDownLatch(1).await(); // the pool, waiting for a connection
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // as HikariCP does
                    throw new SQLException("Interrupted during connection acquisition", e);
                  }
                  return null;
                });
                outcome.complete("handed a connection");
              } catch (SQLException e) {
                outcome.complete(e.getMessage() + " / interrupted=" + Thread.interrupted());
              }
            });
    assertThat(inPool.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(gate.trip("heartbeat: EOF")).isTrue();
    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(
            "the database has been unreachable since 2026-12-02T06:00:00Z: heartbeat: EOF"
                + " / interrupted=false");
    waiter.join();
  }

  @Test
  void aConnectionThatArrivesAfterTheTripIsClosedNotHandedOut() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    CountDownLatch inPool = new CountDownLatch(1);
    CountDownLatch tripped = new CountDownLatch(1);
    CompletableFuture<String> outcome = new CompletableFuture<>();
    Thread.ofPlatform()
        .start(() -> {
          try {
            gate.acquire(() -> {
              inPool.countDown();
              awaitUninterruptibly(tripped); // a pool that ignores the interrupt
              return connection(closed);
            });
            outcome.complete("handed a connection");
          } catch (SQLException e) {
            outcome.complete("refused, interrupted=" + Thread.interrupted());
          }
        });
    assertThat(inPool.await(10, TimeUnit.SECONDS)).isTrue();
    gate.trip("heartbeat: timeout");
    tripped.countDown();
    assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("refused, interrupted=false");
    assertThat(closed).isTrue();
  }

  @Test
  void threadsThatLeftTheGateAreNotInterruptedAndReopeningLetsConnectionsThrough()
      throws Exception {
    Connection got = gate.acquire(() -> connection(new AtomicBoolean()));
    gate.trip("heartbeat: EOF");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(gate.trip("again")).as("closing a closed gate").isFalse();
    assertThat(gate.outage()).map(DatabaseGate.Outage::why).contains("heartbeat: EOF");
    gate.reopen();
    assertThat(gate.outage()).isEmpty();
    assertThat(gate.acquire(() -> got)).isSameAs(got);
  }

  @Test
  void theHeartbeatClosesTheGateWhenTheDatabaseIsGoneAndOpensItWhenItAnswers() {
    AtomicBoolean up = new AtomicBoolean(true);
    AtomicInteger opened = new AtomicInteger();
    Heartbeat heartbeat =
        new Heartbeat(
            gate,
            () -> {
              if (!up.get()) {
                throw new SQLException("Connection refused");
              }
              opened.incrementAndGet();
              return answering(up);
            },
            Duration.ofMillis(150));
    heartbeat.beat();
    assertThat(gate.outage()).isEmpty();
    up.set(false);
    heartbeat.beat(); // the open connection loses its server
    assertThat(gate.outage())
        .map(DatabaseGate.Outage::why)
        .contains("no answer to the heartbeat: server closed the connection");
    heartbeat.beat(); // a new connection is refused: still closed
    assertThat(gate.outage()).isPresent();
    up.set(true);
    heartbeat.beat();
    assertThat(gate.outage()).isEmpty();
    assertThat(opened).as("one connection, then one after the outage").hasValue(2);
  }

  @Test
  void aStartedHeartbeatNoticesTheOutageWithoutAnyReview() {
    AtomicBoolean up = new AtomicBoolean(true);
    try (Heartbeat heartbeat =
        new Heartbeat(gate, () -> answering(up), Duration.ofMillis(150))
            .start(Duration.ofMillis(10))) {
      up.set(false);
      await().atMost(Duration.ofSeconds(10)).until(() -> gate.outage().isPresent());
      up.set(true);
      await().atMost(Duration.ofSeconds(10)).until(() -> gate.outage().isEmpty());
    }
  }

  /** A connection whose statements answer while {@code up} holds, and fail after. */
  private static Connection answering(AtomicBoolean up) {
    Statement statement =
        (Statement)
            Proxy.newProxyInstance(
                Statement.class.getClassLoader(),
                new Class<?>[] {Statement.class},
                (p, m, a) -> {
                  if (m.getName().equals("execute") && !up.get()) {
                    throw new SQLException("server closed the connection");
                  }
                  return m.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (p, m, a) -> m.getName().equals("createStatement") ? statement : null);
  }

  private static Connection connection(AtomicBoolean closed) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (p, m, a) -> {
              if (m.getName().equals("close")) {
                closed.set(true);
              }
              return m.getReturnType() == boolean.class ? Boolean.FALSE : null;
            });
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
