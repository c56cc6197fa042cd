package io.gpuarbiter.ledger.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.testing.PostgresServer;
import io.gpuarbiter.ledger.testing.TestDatabase;
import io.gpuarbiter.ledger.verify.LogAuditor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated {@code kill -9} while acknowledgements flow from several concurrent appenders: after
 * every restart each append the child acknowledged (in this cycle or an earlier one) must be in the
 * database with the leaf hash it was acknowledged with, and the log must still verify. On
 * PostgreSQL the server belongs to this (parent) JVM, so only the client dies, as a crashed replica
 * would.
 *
 * <p>The kill points come from a seeded generator (printed; {@code -Dfuzz.seed=N} replays the same
 * sequence of kill points, {@code -Dcrash.cycles=N} changes the number of cycles). A kill point is
 * a number of acknowledgements, not a time, so the test does not depend on the machine's speed; the
 * acknowledgements still in the pipe when the child dies are read too, since they are the ones
 * answered just before the kill.
 */
class CrashRecoveryIT {

  private static final long DEFAULT_SEED = 20261202L;
  private static final int APPENDER_THREADS = 8;
  private static final int MIN_ACKS_BEFORE_KILL = 20;
  private static final int MAX_ACKS_BEFORE_KILL = 600;
  private static final int LEAF_HEX_LENGTH = 64;

  @TempDir Path dir;

  @Test
  void acknowledgedAppendsSurviveRepeatedKill9OnH2() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("crash").toAbsolutePath();
    runCycles(url, Integer.getInteger("crash.cycles", 24));
  }

  @Test
  void acknowledgedAppendsSurviveRepeatedKill9OnPostgres() throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      runCycles(server.createDatabase("crash"), Integer.getInteger("crash.cycles.postgres", 6));
    }
  }

  private void runCycles(String url, int cycles) throws Exception {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    String replay = "seed=" + seed + " replay with -Dfuzz.seed=" + seed;
    System.out.println("CrashRecoveryIT " + url + " cycles=" + cycles + " " + replay);
    RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    Map<Long, String> acked = new LinkedHashMap<>();
    List<String> losses = new ArrayList<>();
    for (int cycle = 0; cycle < cycles; cycle++) {
      int killAfter = random.nextInt(MIN_ACKS_BEFORE_KILL, MAX_ACKS_BEFORE_KILL + 1);
      Map<Long, String> mine = runAndKill(url, killAfter, cycle * 1_000_000);
      acked.putAll(mine);
      List<Long> lost;
      try {
        lost = checkAfterRestart(url, acked, replay);
      } catch (RuntimeException | AssertionError e) {
        // The restarted ledger cannot even be read or extended: report it with the losses so far.
        losses.add(
            "cycle %d: kill after %d acks: recovery failed: %s".formatted(cycle, killAfter, e));
        System.out.println("CrashRecoveryIT " + losses.get(losses.size() - 1));
        break;
      }
      String line =
          "cycle %d: kill after %d acks, %d acknowledged, %d lost %s"
              .formatted(cycle, killAfter, mine.size(), lost.size(), lost);
      System.out.println("CrashRecoveryIT " + line);
      if (!lost.isEmpty()) {
        losses.add(line);
        lost.forEach(acked::remove); // count each loss once
      }
    }
    assertThat(losses)
        .as(
            "acknowledged appends lost after kill -9 (%d acknowledged in all; %s)",
            acked.size(), replay)
        .isEmpty();
  }

  /** Runs one child until {@code killAfter} acknowledgements, kills it, returns all it acked. */
  private Map<Long, String> runAndKill(String url, int killAfter, int firstDraft) throws Exception {
    Path errors = dir.resolve("child-" + firstDraft + ".err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashAppender.class.getName(),
                url,
                dir.resolve("keys").toString(),
                Integer.toString(APPENDER_THREADS),
                Integer.toString(firstDraft))
            .redirectError(errors.toFile())
            .start();
    Map<Long, String> acked = new LinkedHashMap<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      readAcks(out, acked, child, killAfter);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked)
        .as("acknowledgements before the kill; the child's stderr:%n%s", Files.readString(errors))
        .hasSizeGreaterThanOrEqualTo(killAfter);
    return acked;
  }

  /**
   * Reads {@code ACK} lines; at the kill point sends SIGKILL and goes on reading what the child
   * wrote before it died (the JDK keeps those bytes when the process exits).
   */
  private static void readAcks(
      BufferedReader out, Map<Long, String> acked, Process child, int killAfter) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        if (!line.startsWith("ACK ")) {
          continue;
        }
        String[] parts = line.split(" ");
        // A line cut short by the kill was not (fully) printed, so not acknowledged.
        if (parts.length == 3 && parts[2].length() == LEAF_HEX_LENGTH) {
          acked.put(Long.parseLong(parts[1]), parts[2]);
        }
        if (acked.size() == killAfter) {
          child.destroyForcibly();
        }
      }
    } catch (IOException closedByExit) {
      // The pipe went away with the child: everything before it has been read.
    }
  }

  /** Opens the database as a restarted service would; returns the acknowledged ids it lacks. */
  private List<Long> checkAfterRestart(String url, Map<Long, String> acked, String replay)
      throws Exception {
    // Unpooled, so the next child finds the H2 file unlocked the moment this check ends; one
    // connection held throughout keeps the database open once, as the service's pool does.
    try (TestDatabase db = TestDatabase.unpooled(url);
        Connection held = db.dataSource().getConnection();
        Ledger ledger =
            Ledger.builder(db.dataSource(), db.dialect())
                .origin("gpu-arbiter.test/crash")
                .keyDirectory(dir.resolve("keys"))
                .open()) {
      Map<Long, String> stored = storedLeaves(db);
      List<Long> lost = new ArrayList<>();
      for (Map.Entry<Long, String> a : acked.entrySet()) {
        String leaf = stored.get(a.getKey());
        if (leaf == null) {
          lost.add(a.getKey());
        } else {
          assertThat(leaf)
              .as("leaf hash of queue id %d (%s)", a.getKey(), replay)
              .isEqualTo(a.getValue());
        }
      }
      ledger.sequencer().runOnce();
      LogAuditor.Report report =
          new LogAuditor(new NoteVerifier(ledger.verifierKey()))
              .audit(LogAuditor.fromDatabase(db.dataSource(), db.dialect()));
      assertThat(report.failures()).as("audit (%s)", replay).isEmpty();
      assertThat(report.entries()).isGreaterThanOrEqualTo(acked.size() - lost.size());
      return lost;
    }
  }

  private static Map<Long, String> storedLeaves(TestDatabase db) throws Exception {
    Map<Long, String> stored = new HashMap<>();
    HexFormat hex = HexFormat.of();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT queue_id, leaf_hash FROM ledger_entry")) {
      while (rs.next()) {
        stored.put(rs.getLong(1), hex.formatHex(rs.getBytes(2)));
      }
    }
    return stored;
  }
}
