package io.gpuarbiter.telemetry.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.telemetry.dcgm.Activity;
import io.gpuarbiter.telemetry.dcgm.DcgmMetric;
import io.gpuarbiter.telemetry.dcgm.DeviceReadings;
import io.gpuarbiter.telemetry.dcgm.Exposition;
import io.gpuarbiter.telemetry.dcgm.ExpositionParser;
import io.gpuarbiter.telemetry.dcgm.PodRef;
import io.gpuarbiter.telemetry.demo.SimulatedDevice.Behaviour;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo body is read by our own parser exactly as a real exporter's: nothing skipped, every
 * device and pod there, MIG and time-sliced devices as the exporter reports them, and the same text
 * for the same seed and instant. The seed is fixed (20261202) unless {@code -Ddemo.seed} is given,
 * and printed, so a failure can be replayed.
 */
class DemoExporterTest {
  private static final ExpositionParser PARSER = new ExpositionParser();
  private static final Instant AT = Instant.parse("2026-12-02T12:00:07Z");
  private static long seed;
  private static DemoExporter exporter;

  @BeforeAll
  static void seed() {
    seed = Long.getLong("demo.seed", 20261202L);
    System.out.println(
        "DemoExporterTest seed = " + seed + " (replay with -Ddemo.seed=" + seed + ")");
    exporter = new DemoExporter(DemoFleet.sample(), seed);
  }

  @Test
  void saysItIsDemoDataAndParsesWithNothingSkipped() {
    String body = exporter.exposition(AT);
    assertThat(body.lines().findFirst())
        .contains(
            "# GPU Arbiter DEMO telemetry: simulated dcgm-exporter output (seed "
                + seed
                + "), not measured on any GPU");
    Exposition e = PARSER.parse(body, AT);
    assertThat(e.skipped()).isEmpty();
    assertThat(e.samples()).hasSize(DcgmMetric.values().length * DemoFleet.sample().size());
    assertThat(body).contains("# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter\n");
    assertThat(body).contains("# TYPE DCGM_FI_PROF_GR_ENGINE_ACTIVE gauge\n");
  }

  @Test
  void everyDeviceAndPodIsThere() {
    List<DeviceReadings.Reading> readings = readings(AT);
    Set<String> expectedDevices =
        DemoFleet.sample().stream().map(SimulatedDevice::deviceKey).collect(Collectors.toSet());
    assertThat(readings.stream().map(DemoExporterTest::key)).hasSameElementsAs(expectedDevices);
    Set<PodRef> expectedPods =
        DemoFleet.sample().stream().flatMap(d -> d.holder().stream()).collect(Collectors.toSet());
    assertThat(readings.stream().flatMap(r -> r.pods().stream())).hasSameElementsAs(expectedPods);
    assertThat(readings)
        .allSatisfy(r -> assertThat(r.values()).containsOnlyKeys(DcgmMetric.values()));
    assertThat(readings.stream().filter(r -> r.pods().isEmpty()))
        .singleElement()
        .satisfies(r -> assertThat(r.value(DcgmMetric.FB_USED)).contains(0.0));
  }

  @Test
  void migInstancesAreMigWithActivityFromTheEngineAndGpuUtilZero() {
    List<DeviceReadings.Reading> mig =
        readings(AT).stream().filter(r -> r.device().mig().isPresent()).toList();
    assertThat(mig).hasSize(2);
    assertThat(mig.stream().map(r -> r.device().mig().get().profile()))
        .containsExactlyInAnyOrder("1g.10gb", "3g.40gb");
    assertThat(mig)
        .allSatisfy(r -> {
          assertThat(Activity.of(r))
              .hasValueSatisfying(
                  a -> assertThat(a.measure()).isEqualTo(DcgmMetric.GR_ENGINE_ACTIVE));
          assertThat(r.value(DcgmMetric.GPU_UTIL)).contains(0.0);
        });
  }

  @Test
  void aTimeSlicedGpuIsOneReadingWithBothPodsAndEqualCopies() {
    for (int i = 0; i < 50; i++) {
      List<DeviceReadings.Reading> readings = readings(AT.plusSeconds(i * 41L));
      assertThat(readings).allSatisfy(r -> assertThat(r.disagreeing()).isZero());
      assertThat(readings.stream().filter(r -> r.pods().size() > 1))
          .singleElement()
          .satisfies(r ->
              assertThat(r.pods())
                  .containsExactly(
                      new PodRef("nlp-eval", "eval-a", "main"),
                      new PodRef("nlp-eval", "eval-b", "main")));
    }
  }

  @Test
  void gpuUtilIsTheEngineActivityInPercentOnWholeGpus() {
    for (int i = 0; i < 100; i++) {
      for (DeviceReadings.Reading r : readings(AT.plusSeconds(i * 30L))) {
        if (r.device().mig().isEmpty()) {
          double engine = r.value(DcgmMetric.GR_ENGINE_ACTIVE).orElseThrow();
          assertThat(r.value(DcgmMetric.GPU_UTIL).orElseThrow())
              .isCloseTo(Math.round(engine * 100), org.assertj.core.data.Offset.offset(1.0));
        }
      }
    }
  }

  @Test
  void usedAndFreeFrameBufferSumToTheTotal() {
    for (int i = 0; i < 100; i++) {
      for (DeviceReadings.Reading r : readings(AT.plusSeconds(i * 97L))) {
        SimulatedDevice d = entry(r);
        double used = r.value(DcgmMetric.FB_USED).orElseThrow();
        assertThat(used + r.value(DcgmMetric.FB_FREE).orElseThrow())
            .isEqualTo((double) d.framebufferMib());
        if (d.behaviour() == Behaviour.SMALL_FOOTPRINT) {
          assertThat(used).isPositive().isLessThanOrEqualTo(8 * 1024);
        }
      }
    }
  }

  @Test
  void sameSeedAndInstantGiveTheSameTextAndAnotherSeedAnother() {
    String body = exporter.exposition(AT);
    assertThat(new DemoExporter(DemoFleet.sample(), seed).exposition(AT)).isEqualTo(body);
    String other = new DemoExporter(DemoFleet.sample(), seed + 1).exposition(AT);
    assertThat(withoutFirstLine(other)).isNotEqualTo(withoutFirstLine(body));
  }

  @Test
  void contradictoryEntriesAreRefused() {
    SimulatedDevice busy = DemoFleet.sample().get(0);
    SimulatedDevice idleCopy =
        new SimulatedDevice(
            busy.host(),
            busy.gpu(),
            busy.uuid(),
            busy.modelName(),
            busy.mig(),
            Optional.of(new PodRef("x", "y", "z")),
            Behaviour.IDLE,
            busy.framebufferMib());
    assertThatThrownBy(() -> new DemoExporter(List.of(busy, idleCopy), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("behaviour");
    assertThatThrownBy(() -> new DemoExporter(List.of(busy, busy), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> new SimulatedDevice.Mig("big", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static List<DeviceReadings.Reading> readings(Instant at) {
    Exposition e = PARSER.parse(exporter.exposition(at), at);
    assertThat(e.skipped()).isEmpty();
    return DeviceReadings.of(e.samples());
  }

  static String key(DeviceReadings.Reading r) {
    return r.device().host()
        + "/"
        + r.device().uuid()
        + r.device().mig().map(m -> "/" + m.instance()).orElse("");
  }

  static SimulatedDevice entry(DeviceReadings.Reading r) {
    return DemoFleet.sample().stream()
        .filter(d -> d.deviceKey().equals(key(r)))
        .findFirst()
        .orElseThrow();
  }

  private static String withoutFirstLine(String body) {
    return body.substring(body.indexOf('\n') + 1);
  }
}
