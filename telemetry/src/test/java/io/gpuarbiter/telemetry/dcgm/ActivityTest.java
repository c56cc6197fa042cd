package io.gpuarbiter.telemetry.dcgm;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which field measures activity, on real captures and on a MIG instance made from one. */
class ActivityTest {
  private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");

  private static List<DeviceReadings.Reading> readings(String body) {
    return DeviceReadings.of(new ExpositionParser().parse(body, AT).samples());
  }

  private static String capture(String file) throws IOException {
    return Files.readString(TestData.resolve("dcgm/" + file));
  }

  @Test
  void theEngineActiveFieldWinsWhereTheExporterHasIt() throws IOException {
    DeviceReadings.Reading r = readings(capture("ai-conformance__kops-l4-metrics.txt")).get(0);
    assertThat(r.value(DcgmMetric.GR_ENGINE_ACTIVE)).isPresent();
    assertThat(Activity.of(r))
        .hasValueSatisfying(a -> {
          assertThat(a.measure()).isEqualTo(DcgmMetric.GR_ENGINE_ACTIVE);
          assertThat(a.fraction()).isEqualTo(r.value(DcgmMetric.GR_ENGINE_ACTIVE).get());
        });
  }

  @Test
  void aT4AtNinetyOnePercentUtilisationWasActiveOnlyASixthOfTheTime() throws IOException {
    // the Ericsson capture: GPU_UTIL 91 (a kernel ran in 91% of the samples), engine active 0.156
    DeviceReadings.Reading r = readings(capture("ai-conformance__ericsson-t4-metrics.txt")).get(0);
    assertThat(r.value(DcgmMetric.GPU_UTIL)).contains(91.0);
    assertThat(Activity.of(r))
        .contains(
            new Activity.Of(
                r.value(DcgmMetric.GR_ENGINE_ACTIVE).get(), DcgmMetric.GR_ENGINE_ACTIVE));
    assertThat(Activity.of(r).get().fraction()).isLessThan(0.2);
  }

  @Test
  void aVgpuWithoutProfilingFieldsFallsBackToGpuUtil() throws IOException {
    DeviceReadings.Reading r =
        readings(capture("ai-conformance__vks-grid-a100-10c-vgpu-metrics.txt")).get(0);
    assertThat(r.value(DcgmMetric.GR_ENGINE_ACTIVE)).isEmpty();
    assertThat(Activity.of(r)).contains(new Activity.Of(0.0, DcgmMetric.GPU_UTIL));
  }

  @Test
  void aMigInstanceWithoutTheProfilingFieldHasNoKnownActivity() throws IOException {
    String util =
        capture("ai-conformance__ericsson-t4-metrics.txt")
            .lines()
            .filter(l -> l.startsWith("DCGM_FI_DEV_GPU_UTIL{"))
            .findFirst()
            .orElseThrow()
            .replace("{", "{GPU_I_PROFILE=\"1g.5gb\",GPU_I_ID=\"3\",");
    assertThat(Activity.of(readings(util).get(0))).isEmpty();
  }
}
