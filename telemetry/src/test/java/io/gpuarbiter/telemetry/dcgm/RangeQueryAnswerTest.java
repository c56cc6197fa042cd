package io.gpuarbiter.telemetry.dcgm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' {@code query_range} answers in the shape its HTTP API documents, around the labels of
 * a real dcgm-exporter line (the kOps L4 capture's power sample): good points become samples, bad
 * ones are counted, an error answer keeps Prometheus' own words.
 */
class RangeQueryAnswerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode answerWith(String... points) throws IOException {
    String line =
        Files.readAllLines(TestData.resolve("dcgm/ai-conformance__kops-l4-metrics.txt")).stream()
            .filter(l -> l.startsWith("DCGM_FI_DEV_POWER_USAGE{"))
            .findFirst()
            .orElseThrow();
    ExpositionParser.Line real = ExpositionParser.Line.parse(line);
    ObjectNode answer = JSON.createObjectNode().put("status", "success");
    ObjectNode data = answer.putObject("data").put("resultType", "matrix");
    ObjectNode series = data.putArray("result").addObject();
    ObjectNode metric = series.putObject("metric").put("__name__", real.name());
    real.labels().forEach(metric::put);
    ArrayNode values = series.putArray("values");
    for (int i = 0; i < points.length; i++) {
      values.addArray().add(1_796_212_800.5 + 30 * i).add(points[i]);
    }
    return answer;
  }

  private static RangeQueryAnswer.Read parse(Object answer) throws IOException {
    return RangeQueryAnswer.parse(
        answer instanceof String s
            ? s.getBytes(StandardCharsets.UTF_8)
            : JSON.writeValueAsBytes(answer));
  }

  @Test
  void pointsBecomeSamplesAtTheirOwnTimes() throws IOException {
    var read = (RangeQueryAnswer.Read.Samples) parse(answerWith("16.365", "70.25"));
    assertThat(read.exposition().samples())
        .extracting(GpuSample::value, GpuSample::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(16.365, Instant.ofEpochMilli(1_796_212_800_500L)),
            org.assertj.core.groups.Tuple.tuple(70.25, Instant.ofEpochMilli(1_796_212_830_500L)));
    GpuSample first = read.exposition().samples().get(0);
    assertThat(first.metric()).isEqualTo(DcgmMetric.POWER_USAGE);
    assertThat(first.device().host()).isEqualTo("i-030791dc5a37cd257");
    assertThat(read.exposition().skipped()).isEmpty();
  }

  @Test
  void badPointsAreCountedAndTheRestKept() throws IOException {
    var read = (RangeQueryAnswer.Read.Samples) parse(answerWith("1", "NaN", "+Inf", "x", "-3"));
    assertThat(read.exposition().samples()).hasSize(1);
    assertThat(read.exposition().skipped())
        .isEqualTo(Map.of(SkipReason.NOT_A_NUMBER, 3L, SkipReason.NEGATIVE_VALUE, 1L));
  }

  @Test
  void prometheusErrorsAndOtherBodiesAreFailures() throws IOException {
    assertThat(
            parse(
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter"
                    + " \\\"query\\\": 1:1: parse error: unexpected end of input\"}"))
        .isEqualTo(
            new RangeQueryAnswer.Failed(
                "bad_data",
                "invalid parameter \"query\": 1:1: parse error: unexpected end of input"));
    assertThat(parse("<html>502 Bad Gateway</html>"))
        .isInstanceOf(RangeQueryAnswer.Failed.class)
        .extracting(r -> ((RangeQueryAnswer.Failed) r).errorType())
        .isEqualTo("bad_response");
    ObjectNode vector = answerWith("1");
    ((ObjectNode) vector.path("data")).put("resultType", "vector");
    assertThat(parse(vector))
        .isEqualTo(new RangeQueryAnswer.Failed("bad_response", "result type vector, not matrix"));
  }
}
