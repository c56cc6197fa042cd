package io.gpuarbiter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar the README's first command runs, started as a separate process on its embedded defaults:
 * what the tests' class path may hide (a dependency missing from the package) shows here.
 */
class PackagedJarIT {
  @TempDir Path data;

  @Test
  void theServiceJarStartsOnItsEmbeddedDefaults() throws Exception {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar =
          files
              .filter(f -> f.getFileName().toString().matches("governance-api-.*\\.jar"))
              .filter(f -> !f.getFileName().toString().startsWith("original-"))
              .filter(f -> !f.getFileName().toString().contains("-tests"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no packaged jar in target/"));
    }
    int http = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("log").toFile());
    pb.environment().put("ARBITER_DATA", data.resolve("data").toString());
    pb.environment().put("ARBITER_HTTP_PORT", Integer.toString(http));
    pb.environment().put("ARBITER_HTTPS_PORT", Integer.toString(freePort()));
    Process service = pb.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      awaitUp(service, client, "http://localhost:" + http + "/health");
      String token =
          client
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + http + "/api/v1/auth/demo-token"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"hana\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      String accessToken = token.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
      String model =
          client
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + http + "/api/v1/model"))
                      .header("Authorization", "Bearer " + accessToken)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(model).contains("\"id\":\"nlp\"", "\"id\":\"playground\"");
    } finally {
      service.destroy();
      if (!service.waitFor(20, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  /** Waits for the health endpoint to say UP; fails at once if the service exits. */
  private void awaitUp(Process service, HttpClient client, String health) throws IOException {
    try {
      // A bound only so that a service that never comes up fails the test instead of hanging it.
      await("the packaged service reports UP")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .failFast("the service exited", () -> !service.isAlive())
          .until(() -> get(client, health).contains("\"status\":\"UP\""));
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError(e.getMessage() + "\n" + Files.readString(data.resolve("log")), e);
    }
  }

  private static String get(HttpClient client, String url) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return ""; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
