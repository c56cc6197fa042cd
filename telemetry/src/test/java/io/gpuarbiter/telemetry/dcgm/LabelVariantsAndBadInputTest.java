package io.gpuarbiter.telemetry.dcgm;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The label variants the captures in the repository do not show (newer exporters' lower-case {@code
 * hostname}, MIG instances, a ServiceMonitor's {@code exported_*} labels) and bad input, each made
 * from one real line of the kOps L4 capture by the edit the case names.
 */
class LabelVariantsAndBadInputTest {
  private static final Instant SCRAPED = Instant.parse("2026-12-02T12:00:00Z");
  private static final ExpositionParser PARSER = new ExpositionParser();

  /** The capture's FB_USED line, as dcgm-exporter served it. */
  private static String realLine() throws IOException {
    return Files.readAllLines(TestData.resolve("dcgm/ai-conformance__kops-l4-metrics.txt")).stream()
        .filter(l -> l.startsWith("DCGM_FI_DEV_FB_USED{"))
        .findFirst()
        .orElseThrow();
  }

  private static GpuSample one(String body) {
    Exposition e = PARSER.parse(body, SCRAPED);
    assertThat(e.skipped()).as(body).isEmpty();
    assertThat(e.samples()).as(body).hasSize(1);
    return e.samples().get(0);
  }

  @Test
  void lowerCaseHostnameOfNewerExporters() throws IOException {
    GpuSample s = one(realLine().replace("Hostname=", "hostname="));
    assertThat(s.device().host()).isEqualTo("i-030791dc5a37cd257");
  }

  @Test
  void aMigInstanceIsItsOwnDeviceOnItsParentGpu() throws IOException {
    GpuSample s =
        one(realLine().replace("Hostname=", "GPU_I_PROFILE=\"1g.10gb\",GPU_I_ID=\"7\",Hostname="));
    assertThat(s.device().mig()).contains(new Device.Mig("1g.10gb", "7"));
    assertThat(s.device().physicalKey()).isEqualTo("i-030791dc5a37cd257/" + s.device().uuid());
  }

  @Test
  void exportedLabelsOfAServiceMonitorWinOverTheExportersOwnPod() throws IOException {
    String line =
        realLine()
            .replace(
                "}",
                ",namespace=\"gpu-operator\",pod=\"nvidia-dcgm-exporter-x7k2p\","
                    + "exported_namespace=\"nlp-train\",exported_pod=\"trainer-0\","
                    + "exported_container=\"pytorch\"}");
    assertThat(one(line).pod()).contains(new PodRef("nlp-train", "trainer-0", "pytorch"));
  }

  @Test
  void aTimestampOnTheLineIsTheSamplesTime() throws IOException {
    assertThat(one(realLine() + " 1796212800000").at())
        .isEqualTo(Instant.ofEpochMilli(1_796_212_800_000L));
  }

  static Stream<Arguments> badInput() throws IOException {
    String real = realLine();
    String labels = real.substring(0, real.lastIndexOf(' '));
    return Stream.of(
        Arguments.of(
            "a metric the model does not read",
            real.replace("FB_USED", "FB_RESERVED"),
            SkipReason.UNUSED_METRIC),
        Arguments.of(
            "no UUID", real.replaceAll("UUID=\"[^\"]*\",", ""), SkipReason.MISSING_DEVICE_LABEL),
        Arguments.of(
            "no gpu index", real.replaceAll("\\{gpu=\"0\",", "{"), SkipReason.MISSING_DEVICE_LABEL),
        Arguments.of("NaN", labels + " NaN", SkipReason.NOT_A_NUMBER),
        Arguments.of("+Inf", labels + " +Inf", SkipReason.NOT_A_NUMBER),
        Arguments.of("not a number", labels + " lots", SkipReason.NOT_A_NUMBER),
        Arguments.of("negative", labels + " -5", SkipReason.NEGATIVE_VALUE),
        Arguments.of("the same series twice", real + "\n" + real, SkipReason.DUPLICATE_SERIES),
        Arguments.of("no value", labels, SkipReason.MALFORMED_LINE),
        Arguments.of(
            "an unterminated label value",
            real.replace("\"NVIDIA L4\"", "\"NVIDIA L4"),
            SkipReason.MALFORMED_LINE),
        Arguments.of(
            "a label given twice", real.replace("}", ",gpu=\"1\"}"), SkipReason.MALFORMED_LINE),
        Arguments.of("a timestamp that is not one", real + " yesterday", SkipReason.MALFORMED_LINE),
        Arguments.of("three fields after the labels", real + " 1 2", SkipReason.MALFORMED_LINE),
        Arguments.of("garbage", "}{ =\"", SkipReason.MALFORMED_LINE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsSkippedAndCountedNeverThrown(String why, String body, SkipReason reason) {
    Exposition e = PARSER.parse(body, SCRAPED);
    assertThat(e.skipped()).as(why).isEqualTo(Map.of(reason, 1L));
    long expected = reason == SkipReason.DUPLICATE_SERIES ? 1 : 0;
    assertThat(e.samples()).as(why).hasSize((int) expected);
  }

  @Test
  void anEmptyBodyHoldsNothing() {
    Exposition e = PARSER.parse("", SCRAPED);
    assertThat(e.samples()).isEmpty();
    assertThat(e.skipped()).isEmpty();
    assertThat(Optional.of(e.skipped(SkipReason.MALFORMED_LINE))).contains(0L);
  }
}
