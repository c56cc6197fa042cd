package io.gpuarbiter.telemetry.source;

import io.gpuarbiter.telemetry.dcgm.ExpositionParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Scrapes a dcgm-exporter endpoint directly (clusters without Prometheus): {@code GET /metrics},
 * the text exposition read by {@link ExpositionParser}, samples timed at the scrape.
 */
public final class ExporterScrape {
  private final HttpGet http;
  private final Clock clock;
  private final ExpositionParser parser = new ExpositionParser();

  public ExporterScrape(HttpClient client, Duration timeout, Clock clock) {
    this.http = new HttpGet(client, timeout, false);
    this.clock = clock;
  }

  /**
   * @param endpoint the exporter's metrics URL, e.g. {@code http://10.0.0.7:9400/metrics}
   */
  public Fetched scrape(URI endpoint) {
    return http.get(
        endpoint,
        body -> {
          if (body.length == 0) {
            return new Fetched.Failed("empty", endpoint + " answered an empty body");
          }
          String text = new String(body, StandardCharsets.UTF_8);
          return new Fetched.Read(parser.parse(text, clock.instant()));
        });
  }
}
