package io.gpuarbiter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.gpuarbiter.bench.ServerMetrics.Latency;
import io.gpuarbiter.bench.ServerMetrics.Scrape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
  private static final String OK = "exception=\"none\",method=\"POST\",status=\"200\"";
  private static final String BAD = "exception=\"none\",method=\"POST\",status=\"500\"";

  private static String series(String labels, String uri, long[] cumulative, double sum) {
    String[] le = {"0.001", "0.002", "0.004", "+Inf"};
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < le.length; i++) {
      b.append("http_server_requests_seconds_bucket{")
          .append(labels)
          .append(",uri=\"")
          .append(uri)
          .append("\",le=\"")
          .append(le[i])
          .append("\"} ")
          .append(cumulative[i])
          .append('\n');
    }
    String tail = "{" + labels + ",uri=\"" + uri + "\"} ";
    b.append("http_server_requests_seconds_count").append(tail).append(cumulative[3]).append('\n');
    b.append("http_server_requests_seconds_sum").append(tail).append(sum).append('\n');
    return b.toString();
  }

  @Test
  void sumsStatusesOfTheWebhookOnlyPerBound() {
    Scrape s =
        Scrape.parse(
            "# TYPE http_server_requests_seconds histogram\n"
                + series(OK, "/admission/validate", new long[] {5, 8, 9, 10}, 0.02)
                + series(BAD, "/admission/validate", new long[] {0, 1, 1, 2}, 0.01)
                + series(OK, "/health", new long[] {100, 100, 100, 100}, 0.05));

    assertThat(s.count()).isEqualTo(12);
    assertThat(s.non200()).isEqualTo(2);
    assertThat(s.sum()).isEqualTo(0.03, within(1e-12));
    assertThat(s.buckets()).containsEntry(0.001, 5.0).containsEntry(0.002, 9.0);
    assertThat(s.buckets().lastEntry().getKey()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.buckets().lastEntry().getValue()).isEqualTo(12.0);
  }

  @Test
  void percentilesAreBucketUpperBoundsOfTheDelta() {
    Scrape before = Scrape.parse(series(OK, "/admission/validate", new long[] {50, 50, 50, 50}, 1));
    // 100 more: 60 under 1 ms, 30 in (1, 2] ms, 9 in (2, 4] ms, 1 beyond 4 ms.
    Scrape after =
        Scrape.parse(series(OK, "/admission/validate", new long[] {110, 140, 149, 150}, 1.2));

    Latency l = Latency.between(before, after);

    assertThat(l.meanMs()).isCloseTo(2.0, within(1e-9));
    assertThat(l.p50Ms()).isEqualTo(1.0);
    assertThat(l.p90Ms()).isEqualTo(2.0);
    assertThat(l.p99Ms()).isEqualTo(4.0);
    assertThat(l.p999Ms()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void scrapesOfReplicasAddUpPerBound() {
    Scrape a = Scrape.parse(series(OK, "/admission/validate", new long[] {5, 8, 9, 10}, 0.02));
    Scrape b =
        Scrape.parse(
            series(OK, "/admission/validate", new long[] {1, 2, 3, 4}, 0.01)
                + series(BAD, "/admission/validate", new long[] {0, 0, 1, 1}, 0.005));
    Scrape none = Scrape.parse("");

    Scrape s = Scrape.sum(List.of(a, b, none));

    assertThat(s.count()).isEqualTo(15);
    assertThat(s.non200()).isEqualTo(1);
    assertThat(s.sum()).isEqualTo(0.035, within(1e-12));
    assertThat(s.buckets())
        .containsExactly(
            entry(0.001, 6.0),
            entry(0.002, 10.0),
            entry(0.004, 13.0),
            entry(Double.POSITIVE_INFINITY, 15.0));
    assertThat(Latency.between(Scrape.sum(List.of()), s).p50Ms()).isEqualTo(2.0);
  }

  @Test
  void nothingAnsweredIsNotANumber() {
    Scrape s = Scrape.parse(series(OK, "/admission/validate", new long[] {3, 3, 3, 3}, 1));

    Latency l = Latency.between(s, s);

    assertThat(l.meanMs()).isNaN();
    assertThat(l.p50Ms()).isNaN();
    assertThat(l.p999Ms()).isNaN();
  }

  @Test
  void anUnlabelledGaugeIsReadByItsWholeNameAndIsNaNWhenAbsent() {
    String exposition =
        "arbiter_ledger_pending_entries_total 9\narbiter_ledger_pending_entries 3.0\n";

    assertThat(ServerMetrics.gauge(exposition, "arbiter_ledger_pending_entries")).isEqualTo(3.0);
    assertThat(ServerMetrics.gauge(exposition, "arbiter_ledger_tree_size_entries")).isNaN();
  }
}
