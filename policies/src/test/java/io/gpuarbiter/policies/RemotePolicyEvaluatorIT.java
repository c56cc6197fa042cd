package io.gpuarbiter.policies;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The remote evaluator's failures are typed, and a silent server times out instead of hanging. */
class RemotePolicyEvaluatorIT {

  @Test
  void nobodyListeningIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + port);
    assertThatThrownBy(() -> new RemotePolicyEvaluator(closed, Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(
            PolicyEvaluationException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.kind())
                    .isEqualTo(PolicyEvaluationException.Kind.UNAVAILABLE));
  }

  /**
   * The promise is the kind: the evaluator's own timeout ended the call. The JUnit timeout is only
   * a hang guard (minutes against a 300 ms setting), not a claim about speed.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void serverThatNeverAnswersTimesOut() throws Exception {
    // Accepts connections (the backlog does it) but never writes a byte.
    try (ServerSocket silent = new ServerSocket(0)) {
      URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      assertThatThrownBy(() -> new RemotePolicyEvaluator(uri, Duration.ofMillis(300)))
          .isInstanceOfSatisfying(
              PolicyEvaluationException.class,
              e ->
                  org.assertj.core.api.Assertions.assertThat(e.kind())
                      .isEqualTo(PolicyEvaluationException.Kind.TIMEOUT));
    }
  }
}
