package io.gpuarbiter.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's own view of {@code /admission/validate}: its {@code http_server_requests_seconds}
 * Prometheus histogram (Micrometer), scraped from {@code GET /prometheus} on the plain HTTP port.
 */
final class ServerMetrics {
  private static final String URI_LABEL = "uri=\"/admission/validate\"";
  private static final String NAME = "http_server_requests_seconds";
  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

  private ServerMetrics() {}

  /** The service's Prometheus exposition, from the plain HTTP port. */
  static String scrape(HttpClient c, String base) throws Exception {
    return Http.get(c, URI.create(base + "/prometheus"), null).body();
  }

  /** The value of an unlabelled gauge in an exposition; NaN if it is not there. */
  static double gauge(String exposition, String name) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  /**
   * One scrape, summed over every status and exception of the uri.
   *
   * @param count requests answered
   * @param sum seconds spent answering them
   * @param non200 requests answered with a status other than 200
   * @param buckets cumulative count per upper bound {@code le} in seconds (+Inf last)
   */
  record Scrape(double count, double sum, double non200, NavigableMap<Double, Double> buckets) {
    static Scrape of(HttpClient c, String base) throws Exception {
      return parse(scrape(c, base));
    }

    static Scrape parse(String exposition) {
      double count = 0;
      double sum = 0;
      double non200 = 0;
      NavigableMap<Double, Double> buckets = new TreeMap<>();
      for (String line : exposition.split("\n")) {
        if (!line.startsWith(NAME) || !line.contains(URI_LABEL)) {
          continue;
        }
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (line.startsWith(NAME + "_count{")) {
          count += v;
          non200 += line.contains("status=\"200\"") ? 0 : v;
        } else if (line.startsWith(NAME + "_sum{")) {
          sum += v;
        } else if (line.startsWith(NAME + "_bucket{")) {
          buckets.merge(le(line), v, Double::sum);
        }
      }
      return new Scrape(count, sum, non200, Collections.unmodifiableNavigableMap(buckets));
    }

    /**
     * Several processes' scrapes as one, as if a single process had answered all their requests:
     * counts, sums and non-200 counts added, and buckets added per bound {@code le}. Buckets being
     * cumulative counts, the sum at a bound is the number of requests of all processes at most that
     * long (every replica runs the same jar, so the same bounds; a bound one lacks counts as 0).
     */
    static Scrape sum(List<Scrape> scrapes) {
      double count = 0;
      double sum = 0;
      double non200 = 0;
      NavigableMap<Double, Double> buckets = new TreeMap<>();
      for (Scrape s : scrapes) {
        count += s.count();
        sum += s.sum();
        non200 += s.non200();
        s.buckets().forEach((le, v) -> buckets.merge(le, v, Double::sum));
      }
      return new Scrape(count, sum, non200, Collections.unmodifiableNavigableMap(buckets));
    }

    private static double le(String line) {
      Matcher m = LE.matcher(line);
      if (!m.find()) {
        throw new IllegalArgumentException("bucket without le: " + line);
      }
      String le = m.group(1);
      return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }
  }

  /**
   * Server-side latency of the requests the service finished between two scrapes. Percentiles are
   * the upper bound {@code le} of the bucket where the cumulative count reaches the rank, so they
   * are upper bounds at Micrometer's bucket resolution (infinite if the rank falls past the last
   * finite bucket); NaN when nothing was answered.
   */
  record Latency(double meanMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms) {
    static final Latency NONE =
        new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static Latency between(Scrape before, Scrape after) {
      NavigableMap<Double, Double> delta = new TreeMap<>();
      for (Map.Entry<Double, Double> e : after.buckets().entrySet()) {
        delta.put(e.getKey(), e.getValue() - before.buckets().getOrDefault(e.getKey(), 0.0));
      }
      double n = after.count() - before.count();
      double mean = n > 0 ? (after.sum() - before.sum()) / n * 1000 : Double.NaN;
      return new Latency(
          mean,
          upperBoundMs(delta, 50),
          upperBoundMs(delta, 90),
          upperBoundMs(delta, 99),
          upperBoundMs(delta, 99.9));
    }

    /** The smallest {@code le} (ms) whose cumulative count reaches {@code percentile}'s rank. */
    static double upperBoundMs(NavigableMap<Double, Double> cumulative, double percentile) {
      double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
      if (total <= 0) {
        return Double.NaN;
      }
      double rank = Math.max(1, Math.ceil(total * percentile / 100 - 1e-9));
      for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
        if (e.getValue() >= rank) {
          return e.getKey() * 1000;
        }
      }
      return Double.POSITIVE_INFINITY;
    }
  }
}
