package io.gpuarbiter.arbiter.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The whole service on the measured database, from {@code java -jar} to {@code /health} UP, twice:
 * the first start of the service on this database also rolls the governance requests forward over
 * every ledger entry (its mark is at 0), the second only over what came since.
 */
final class ServiceStart {
  private ServiceStart() {}

  static void measure(Path jar, String jdbcUrl, Path keys, int live) throws Exception {
    Path data = Files.createTempDirectory("startup-service");
    Files.createDirectories(data.resolve("ledger-keys"));
    try (var files = Files.list(keys)) {
      for (Path f : files.toList()) {
        Files.copy(f, data.resolve("ledger-keys").resolve(f.getFileName()));
      }
    }
    for (int i = 1; i <= 2; i++) {
      long ms = startAndStop(jar, jdbcUrl, data, i);
      System.out.printf(
          Locale.ROOT,
          "| the service, start %d: `java -jar` to /health UP%s | %d | %d |%n",
          i,
          i == 1 ? " (first on this database: requests checked against every entry)" : "",
          live,
          ms);
    }
  }

  private static long startAndStop(Path jar, String jdbcUrl, Path data, int run) throws Exception {
    int http = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("service-" + run + ".log").toFile());
    pb.environment().put("ARBITER_DATA", data.toString());
    pb.environment().put("ARBITER_HTTP_PORT", Integer.toString(http));
    pb.environment().put("ARBITER_HTTPS_PORT", Integer.toString(freePort()));
    pb.environment().put("ARBITER_DATABASE_URL", jdbcUrl);
    pb.environment().put("ARBITER_DATABASE_USER", "postgres");
    long t = System.nanoTime();
    Process p = pb.start();
    HttpClient client = HttpClient.newHttpClient();
    URI health = URI.create("http://localhost:" + http + "/health");
    try {
      while (true) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "the service exited: " + Files.readString(data.resolve("service-" + run + ".log")));
        }
        try {
          String body =
              client
                  .send(
                      HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
          if (body.contains("\"status\":\"UP\"")) {
            return (System.nanoTime() - t) / 1_000_000;
          }
        } catch (java.io.IOException notYet) {
          // not listening yet
        }
        Thread.sleep(50);
      }
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
