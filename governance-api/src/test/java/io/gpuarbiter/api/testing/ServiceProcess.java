package io.gpuarbiter.api.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged service jar as a separate process on a data directory (H2 in file mode), reached
 * over plain HTTP with demo tokens: for tests that kill or halt the process and start it again.
 */
public final class ServiceProcess implements AutoCloseable {
  private final Process process;
  private final int httpPort;
  private final int httpsPort;
  private final Path log;
  private final HttpClient client = HttpClient.newHttpClient();

  private ServiceProcess(Process process, int httpPort, int httpsPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.log = log;
  }

  /** Starts the jar on {@code data} with {@code env} added, and waits until it reports UP. */
  public static ServiceProcess start(Path data, Path log, Map<String, String> env)
      throws IOException {
    int http = freePort();
    int https = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("ARBITER_DATA", data.toString());
    pb.environment().put("ARBITER_HTTP_PORT", Integer.toString(http));
    pb.environment().put("ARBITER_HTTPS_PORT", Integer.toString(https));
    pb.environment().putAll(env);
    ServiceProcess service = new ServiceProcess(pb.start(), http, https, log);
    try {
      await("service UP")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> {
            if (!service.process.isAlive()) {
              throw new AssertionError("the service exited at start:\n" + service.log());
            }
            return service.health().contains("\"status\":\"UP\"");
          });
    } catch (RuntimeException | AssertionError e) {
      service.close();
      throw e;
    }
    return service;
  }

  /** The service jar built by {@code package} (not the original or the test jar). */
  public static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("governance-api-.*\\.jar"))
          .filter(f -> !f.getFileName().toString().startsWith("original-"))
          .filter(f -> !f.getFileName().toString().contains("-tests"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no packaged jar in target/"));
    }
  }

  private String health() {
    try {
      return client
          .send(
              HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return ""; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** GET as a demo user. */
  public HttpResponse<String> getAs(String user, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token(user)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POST JSON as a demo user; throws IOException if the process dies before it answers. */
  public HttpResponse<String> postAs(String user, String path, String json) throws Exception {
    String token = token(user);
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String token(String user) throws Exception {
    String body =
        client
            .send(
                HttpRequest.newBuilder(uri("/api/v1/auth/demo-token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    int at = body.indexOf("\"access_token\":\"") + 16;
    return body.substring(at, body.indexOf('"', at));
  }

  /** Waits for the process to end by itself and returns its exit status. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the service is still running after " + timeout + ":\n" + log());
    }
    return process.exitValue();
  }

  /** What the process printed so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + httpPort + path);
  }

  /** The HTTPS port (the admission endpoints). */
  public int httpsPort() {
    return httpsPort;
  }

  /** The plain HTTP port (API with demo tokens, health). */
  public int httpPort() {
    return httpPort;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** {@code kill -9}: no shutdown hook, no clean close of anything. */
  public void kill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the service (SIGTERM, a clean shutdown) and waits for it to exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
