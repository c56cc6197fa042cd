package io.gpuarbiter.telemetry.source;

import io.gpuarbiter.telemetry.dcgm.RangeQueryAnswer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Asks a Prometheus server for DCGM series over a window: {@code GET /api/v1/query_range} with a
 * PromQL query, read by {@link RangeQueryAnswer}. Prometheus answers 400 or 422 with an error body
 * for a bad query, and those words are kept.
 */
public final class PrometheusRange {
  private final HttpGet http;
  private final URI base;

  /**
   * @param base the server, e.g. {@code http://prometheus.monitoring:9090}
   */
  public PrometheusRange(HttpClient client, Duration timeout, URI base) {
    this.http = new HttpGet(client, timeout, true);
    this.base = base;
  }

  public Fetched query(String promql, Instant start, Instant end, Duration step) {
    String q =
        "/api/v1/query_range?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&start="
            + seconds(start)
            + "&end="
            + seconds(end)
            + "&step="
            + Math.max(1, step.toSeconds())
            + "s";
    return http.get(
        base.resolve(q),
        body ->
            switch (RangeQueryAnswer.parse(body)) {
              case RangeQueryAnswer.Read.Samples s -> new Fetched.Read(s.exposition());
              case RangeQueryAnswer.Failed f -> new Fetched.Failed(f.errorType(), f.error());
            });
  }

  private static String seconds(Instant t) {
    return t.getEpochSecond() + "." + String.format("%03d", t.getNano() / 1_000_000);
  }
}
