package io.gpuarbiter.policies;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real {@code opa run --server} from the pinned binary, on a free loopback port, serving one
 * bundle; stopped by {@link #close()}. Test support for the remote-mode integration tests.
 */
final class OpaServer implements AutoCloseable {
  private final Process process;
  private final URI uri;

  private OpaServer(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  static Path binary() {
    return Path.of(System.getProperty("opa.binary", "../.tools/opa"));
  }

  static OpaServer start(Path bundle) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                binary().toString(),
                "run",
                "--server",
                "--addr",
                "127.0.0.1:" + port,
                "--log-level",
                "error",
                "--bundle",
                bundle.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    OpaServer server = new OpaServer(p, URI.create("http://127.0.0.1:" + port));
    server.awaitHealthy(Duration.ofSeconds(30));
    return server;
  }

  URI uri() {
    return uri;
  }

  private void awaitHealthy(Duration limit) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest health =
          HttpRequest.newBuilder(uri.resolve("/health?bundles=true"))
              .timeout(Duration.ofSeconds(1))
              .build();
      await("opa at " + uri + " healthy")
          .atMost(limit)
          .pollInterval(Duration.ofMillis(50))
          .failFast("opa exited before it was healthy", () -> !process.isAlive())
          .until(() -> answers200(http, health));
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      close();
      throw e;
    }
  }

  private static boolean answers200(HttpClient http, HttpRequest request)
      throws InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false; // the server is still starting
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
