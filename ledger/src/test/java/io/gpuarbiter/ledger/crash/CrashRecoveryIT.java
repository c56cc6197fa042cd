package io.gpuarbiter.ledger.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.testing.PostgresServer;
import io.gpuarbiter.ledger.testing.TestDatabase;
import io.gpuarbiter.ledger.verify.LogAuditor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of appends: every entry the child acknowledged must be in the database
 * after restart, and the log must still verify. On PostgreSQL the server belongs to this (parent)
 * JVM, so only the client dies, as a crashed replica would.
 */
class CrashRecoveryIT {

  private static final int ACKS_BEFORE_KILL = 300;

  @TempDir Path dir;

  @Test
  void acknowledgedAppendsSurviveKill9OnH2() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("crash").toAbsolutePath();
    List<Long> acked = runAndKill(url);
    assertAllPresent(url, acked);
  }

  @Test
  void acknowledgedAppendsSurviveKill9OnPostgres() throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      String url = server.createDatabase("crash");
      List<Long> acked = runAndKill(url);
      assertAllPresent(url, acked);
    }
  }

  private List<Long> runAndKill(String url) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashAppender.class.getName(),
                url,
                dir.resolve("keys").toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Long> acked = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add(Long.parseLong(line.substring(4)));
          if (acked.size() == ACKS_BEFORE_KILL) {
            // SIGKILL mid-stream; Process closes our end of the pipe, so stop reading here.
            child.destroyForcibly();
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    return acked;
  }

  private void assertAllPresent(String url, List<Long> acked) throws Exception {
    try (TestDatabase db = TestDatabase.open(url, 4);
        Ledger ledger =
            Ledger.builder(db.dataSource(), db.dialect())
                .origin("gpu-arbiter.test/crash")
                .keyDirectory(dir.resolve("keys"))
                .open()) {
      for (long id : acked) {
        // Throws NotFound if an acknowledged entry was lost.
        ledger.sequenceOf(id);
      }
      ledger.sequencer().runOnce();
      for (long id : acked) {
        assertThat(ledger.sequenceOf(id)).isPresent();
      }
      LogAuditor.Report report =
          new LogAuditor(new NoteVerifier(ledger.verifierKey()))
              .audit(LogAuditor.fromDatabase(db.dataSource(), db.dialect()));
      assertThat(report.failures()).isEmpty();
      assertThat(report.entries()).isGreaterThanOrEqualTo(acked.size());
    }
  }
}
