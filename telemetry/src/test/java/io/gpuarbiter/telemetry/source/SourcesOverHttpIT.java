package io.gpuarbiter.telemetry.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gpuarbiter.telemetry.dcgm.DcgmMetric;
import io.gpuarbiter.testing.TestData;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP clients against a local server on the loopback (the JDK's): a real capture served as a
 * dcgm-exporter serves it, Prometheus-shaped error answers, a server that stalls, one that is not
 * there. The integration with a real Prometheus server comes with the telemetry issue's later
 * parts; this checks the clients' own handling.
 */
class SourcesOverHttpIT {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private HttpServer server;
  private final AtomicReference<String> lastQuery = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    byte[] capture =
        Files.readAllBytes(TestData.resolve("dcgm/ai-conformance__kops-l4-metrics.txt"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        ex -> {
          ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          ex.sendResponseHeaders(200, capture.length);
          ex.getResponseBody().write(capture);
          ex.close();
        });
    server.createContext(
        "/broken",
        ex -> {
          ex.sendResponseHeaders(503, -1);
          ex.close();
        });
    server.createContext(
        "/stalls",
        ex -> {
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.createContext(
        "/api/v1/query_range",
        ex -> {
          lastQuery.set(ex.getRequestURI().getRawQuery());
          byte[] body =
              ("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter"
                      + " \\\"query\\\": parse error\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(400, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private ExporterScrape scrape(Duration timeout) {
    return new ExporterScrape(
        HttpClient.newHttpClient(), timeout, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aScrapeReadsTheExposition() {
    Fetched f = scrape(Duration.ofSeconds(5)).scrape(uri("/metrics"));
    assertThat(f).isInstanceOf(Fetched.Read.class);
    var samples = ((Fetched.Read) f).exposition().samples();
    assertThat(samples).extracting(s -> s.metric()).contains(DcgmMetric.POWER_USAGE);
    assertThat(samples).allSatisfy(s -> assertThat(s.at()).isEqualTo(NOW));
  }

  @Test
  void aFailingStallingOrAbsentExporterIsAFailureNotAnException() throws Exception {
    assertThat(scrape(Duration.ofSeconds(5)).scrape(uri("/broken")))
        .isEqualTo(new Fetched.Failed("http-503", uri("/broken").toString()));
    assertThat(scrape(Duration.ofMillis(200)).scrape(uri("/stalls")))
        .extracting(f -> ((Fetched.Failed) f).kind())
        .isEqualTo("timeout");
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(scrape(Duration.ofSeconds(5)).scrape(URI.create("http://127.0.0.1:" + port + "/")))
        .extracting(f -> ((Fetched.Failed) f).kind())
        .isEqualTo("unreachable");
  }

  @Test
  void prometheusGetsTheWindowAndItsErrorIsKept() {
    PrometheusRange prometheus =
        new PrometheusRange(HttpClient.newHttpClient(), Duration.ofSeconds(5), uri("/"));
    Fetched f =
        prometheus.query(
            "DCGM_FI_PROF_GR_ENGINE_ACTIVE{namespace!=\"\"}",
            NOW.minusSeconds(300),
            NOW,
            Duration.ofSeconds(30));
    assertThat(f)
        .isEqualTo(new Fetched.Failed("bad_data", "invalid parameter \"query\": parse error"));
    assertThat(lastQuery.get())
        .isEqualTo(
            "query=DCGM_FI_PROF_GR_ENGINE_ACTIVE%7Bnamespace%21%3D%22%22%7D"
                + "&start=1796212500.000&end=1796212800.000&step=30s");
  }
}
