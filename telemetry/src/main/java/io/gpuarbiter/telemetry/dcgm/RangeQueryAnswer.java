package io.gpuarbiter.telemetry.dcgm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus server's answer to {@code GET /api/v1/query_range} over {@code DCGM_FI_*} series
 * (result type {@code matrix}: each series its labels, {@code __name__} among them, and {@code
 * [unix seconds, "value"]} pairs), read into samples the same way as the exporter's own endpoint.
 * An error answer, or a body that is not one, is a {@link Failed} with Prometheus' own words.
 */
public final class RangeQueryAnswer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RangeQueryAnswer() {}

  /** What the answer held. */
  public sealed interface Read permits Read.Samples, Failed {
    /** The samples, and the points skipped, by reason. */
    record Samples(Exposition exposition) implements Read {}
  }

  /** Prometheus said {@code "status":"error"}, or the body was not a range answer. */
  public record Failed(String errorType, String error) implements Read {}

  public static Read parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return new Failed("bad_response", "not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      return new Failed("bad_response", "not a Prometheus API answer");
    }
    if (!"success".equals(root.path("status").asText())) {
      return new Failed(root.path("errorType").asText("unknown"), root.path("error").asText(""));
    }
    JsonNode data = root.path("data");
    if (!"matrix".equals(data.path("resultType").asText())) {
      return new Failed(
          "bad_response", "result type " + data.path("resultType").asText("none") + ", not matrix");
    }
    List<GpuSample> samples = new ArrayList<>();
    Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    for (JsonNode series : data.path("result")) {
      Map<String, String> labels = labels(series.path("metric"));
      String name = labels.getOrDefault("__name__", "");
      for (JsonNode point : series.path("values")) {
        SkipReason why = point(name, labels, point, samples);
        if (why != null) {
          skipped.merge(why, 1L, Long::sum);
        }
      }
    }
    return new Read.Samples(new Exposition(samples, skipped));
  }

  private static SkipReason point(
      String name, Map<String, String> labels, JsonNode point, List<GpuSample> out) {
    if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber()) {
      return SkipReason.MALFORMED_LINE;
    }
    double value;
    try {
      value = Double.parseDouble(point.get(1).asText()); // "NaN", "+Inf" parse to non-finite
    } catch (NumberFormatException e) {
      return SkipReason.NOT_A_NUMBER;
    }
    long millis = Math.round(point.get(0).asDouble() * 1000);
    return SampleLabels.read(name, labels, value, Instant.ofEpochMilli(millis), out);
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> labels = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      labels.put(e.getKey(), e.getValue().asText());
    }
    return labels;
  }
}
