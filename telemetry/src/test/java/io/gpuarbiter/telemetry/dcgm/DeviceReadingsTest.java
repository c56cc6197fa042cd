package io.gpuarbiter.telemetry.dcgm;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One reading per device, however many pods share it: the eight H100s of the EKS capture are eight
 * readings, and a time-sliced GPU reported for two pods (made from the kOps L4 line by adding the
 * pods, as the exporter does) is one reading with both pods, its value counted once.
 */
class DeviceReadingsTest {
  private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");
  private static final ExpositionParser PARSER = new ExpositionParser();

  @Test
  void eightGpusAreEightReadingsAndOnlyTheHeldOneHasItsPod() throws IOException {
    List<DeviceReadings.Reading> readings =
        DeviceReadings.of(
            PARSER
                .parse(
                    Files.readString(
                        TestData.resolve("dcgm/aicr__eks-h100x8-pod-labels-sampled.txt")),
                    AT)
                .samples());
    assertThat(readings).hasSize(8);
    assertThat(readings.stream().filter(r -> !r.pods().isEmpty()))
        .singleElement()
        .satisfies(r -> assertThat(r.device().gpu()).isEqualTo("0"));
    assertThat(readings).allSatisfy(r -> assertThat(r.disagreeing()).isZero());
  }

  @Test
  void aTimeSlicedGpuReportedForTwoPodsCountsOnce() throws IOException {
    String line =
        Files.readAllLines(TestData.resolve("dcgm/ai-conformance__kops-l4-metrics.txt")).stream()
            .filter(l -> l.startsWith("DCGM_FI_DEV_POWER_USAGE{"))
            .findFirst()
            .orElseThrow();
    String a = line.replace("}", ",namespace=\"nlp-eval\",pod=\"eval-a\",container=\"main\"}");
    String b = line.replace("}", ",namespace=\"nlp-eval\",pod=\"eval-b\",container=\"main\"}");
    List<DeviceReadings.Reading> readings =
        DeviceReadings.of(PARSER.parse(a + "\n" + b, AT).samples());
    assertThat(readings)
        .singleElement()
        .satisfies(r -> {
          assertThat(r.value(DcgmMetric.POWER_USAGE)).contains(16.365);
          assertThat(r.pods())
              .containsExactly(
                  new PodRef("nlp-eval", "eval-a", "main"),
                  new PodRef("nlp-eval", "eval-b", "main"));
          assertThat(r.disagreeing()).isZero();
        });
    String c = b.replace("} 16.365000", "} 20");
    assertThat(DeviceReadings.of(PARSER.parse(a + "\n" + c, AT).samples()))
        .singleElement()
        .satisfies(r -> {
          assertThat(r.value(DcgmMetric.POWER_USAGE)).contains(20.0);
          assertThat(r.disagreeing()).isEqualTo(1);
        });
  }
}
