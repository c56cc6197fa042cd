package io.gpuarbiter.telemetry.dcgm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a dcgm-exporter {@code /metrics} body (Prometheus text exposition format 0.0.4) into the
 * samples the utilization model uses. Never throws on bad input: what it cannot use is skipped and
 * counted by {@link SkipReason}. Stateless and thread-safe.
 */
public final class ExpositionParser {

  /**
   * @param scrapedAt the time of samples that carry no timestamp of their own
   */
  public Exposition parse(String body, Instant scrapedAt) {
    List<GpuSample> samples = new ArrayList<>();
    Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    Set<String> seen = new HashSet<>();
    for (String raw : body.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Line parsed = Line.parse(line);
      SkipReason why =
          parsed == null ? SkipReason.MALFORMED_LINE : accept(parsed, scrapedAt, samples);
      if (why == null && !seen.add(parsed.series())) {
        samples.remove(samples.size() - 1);
        why = SkipReason.DUPLICATE_SERIES;
      }
      if (why != null) {
        skipped.merge(why, 1L, Long::sum);
      }
    }
    return new Exposition(samples, skipped);
  }

  /** The sample the line holds, added to {@code out}; or why it is skipped. */
  private static SkipReason accept(Line line, Instant scrapedAt, List<GpuSample> out) {
    Instant at = line.timestampMs() == null ? scrapedAt : Instant.ofEpochMilli(line.timestampMs());
    return SampleLabels.read(line.name(), line.labels(), line.value(), at, out);
  }

  /** One sample line: {@code name{labels} value [timestamp]}. */
  record Line(String name, Map<String, String> labels, double value, Long timestampMs) {
    /** The series identity: the name and every label, in order of appearance. */
    String series() {
      return name + labels;
    }

    /** The line, or null if it is not a sample line. */
    static Line parse(String line) {
      Cursor c = new Cursor(line);
      String name = c.name();
      if (name.isEmpty()) {
        return null;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (c.peek() == '{' && !c.labels(labels)) {
        return null;
      }
      String[] rest = line.substring(c.at).strip().split("[ \t]+");
      if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
        return null;
      }
      Double value = number(rest[0]);
      Long timestamp = null;
      if (rest.length == 2) {
        try {
          timestamp = Long.parseLong(rest[1]);
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return new Line(name, labels, value == null ? Double.NaN : value, timestamp);
    }

    /** Go's float syntax as the exposition uses it; null when it is not a number at all. */
    private static Double number(String s) {
      switch (s) {
        case "NaN" -> {
          return Double.NaN;
        }
        case "+Inf", "Inf" -> {
          return Double.POSITIVE_INFINITY;
        }
        case "-Inf" -> {
          return Double.NEGATIVE_INFINITY;
        }
        default -> {
          try {
            return Double.parseDouble(s);
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
    }
  }
}
