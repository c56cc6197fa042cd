package io.gpuarbiter.telemetry.dcgm;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real dcgm-exporter capture in {@code testdata/dcgm/} (origins in SOURCES.md): each line of
 * a metric the model uses becomes exactly one sample, every other line is skipped as unused, and
 * nothing is malformed or without its device.
 */
class RealExporterOutputTest {
  private static final Instant SCRAPED = Instant.parse("2026-12-02T12:00:00Z");
  private static final ExpositionParser PARSER = new ExpositionParser();

  static Stream<String> captures() throws IOException {
    try (Stream<Path> files = Files.list(TestData.resolve("dcgm"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".txt"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void everyUsedMetricLineIsOneSampleAndNothingIsMalformed(String file) throws IOException {
    List<String> lines =
        Files.readAllLines(TestData.resolve("dcgm/" + file)).stream()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .toList();
    List<String> used =
        lines.stream()
            .filter(l -> DcgmMetric.byExporterName(l.split("[{ ]", 2)[0]).isPresent())
            .toList();
    // DataDog's fixture has a dummy line with no labels at all ("DCGM_FI_PROF_GR_ENGINE_ACTIVE 0")
    long withoutDevice = used.stream().filter(l -> !l.contains("UUID=\"")).count();

    Exposition e = PARSER.parse(String.join("\n", lines), SCRAPED);

    assertThat(e.samples()).as(file).hasSize((int) (used.size() - withoutDevice)).isNotEmpty();
    assertThat(e.skipped(SkipReason.UNUSED_METRIC)).as(file).isEqualTo(lines.size() - used.size());
    assertThat(e.skipped(SkipReason.MISSING_DEVICE_LABEL)).as(file).isEqualTo(withoutDevice);
    assertThat(e.skipped(SkipReason.MALFORMED_LINE)).as(file).isZero();
    assertThat(e.skipped(SkipReason.DUPLICATE_SERIES)).as(file).isZero();
    assertThat(e.samples())
        .allSatisfy(s -> {
          assertThat(s.device().uuid()).startsWith("GPU-");
          assertThat(s.device().host()).isNotEmpty();
          assertThat(s.device().model()).isNotEmpty();
          assertThat(s.at()).isEqualTo(SCRAPED);
        });
  }

  @Test
  void anL4OnKopsReadsWithItsUnitsAndNoPod() throws IOException {
    Exposition e = parse("ai-conformance__kops-l4-metrics.txt");
    GpuSample power = only(e, DcgmMetric.POWER_USAGE);
    assertThat(power.value()).isEqualTo(16.365);
    assertThat(power.metric().unit()).isEqualTo(DcgmMetric.Unit.WATTS);
    assertThat(power.device())
        .isEqualTo(
            new Device(
                "i-030791dc5a37cd257",
                "0",
                "GPU-c2f76b33-7953-256e-8f33-1343419b1a1c",
                "NVIDIA L4",
                Optional.empty()));
    assertThat(power.pod()).isEmpty();
    GpuSample energy = only(e, DcgmMetric.TOTAL_ENERGY_CONSUMPTION);
    assertThat(energy.value()).isEqualTo(4_742_776);
    assertThat(energy.metric().counter()).isTrue();
  }

  @Test
  void podLabelsAttributeOnlyTheGpuThePodHolds() throws IOException {
    Exposition e = parse("aicr__eks-h100x8-pod-labels-sampled.txt");
    List<GpuSample> attributed = e.samples().stream().filter(s -> s.pod().isPresent()).toList();
    assertThat(attributed)
        .isNotEmpty()
        .allSatisfy(s -> {
          assertThat(s.device().gpu()).isEqualTo("0");
          assertThat(s.pod())
              .contains(new PodRef("dynamo-workload", "vllm-agg-0-vllmdecodeworker-s65j5", "main"));
        });
    assertThat(e.samples().stream().filter(s -> !s.device().gpu().equals("0")))
        .allSatisfy(s -> assertThat(s.pod()).isEmpty());
  }

  @Test
  void theRemappedFixtureCarriesItsPod() throws IOException {
    GpuSample util = only(parse("datadog__dcgm-fixture-label_remap.txt"), DcgmMetric.GPU_UTIL);
    assertThat(util.pod()).contains(new PodRef("foo", "bar", "baz"));
    assertThat(util.device().model()).isEqualTo("Tesla T4");
  }

  private static Exposition parse(String file) throws IOException {
    return PARSER.parse(Files.readString(TestData.resolve("dcgm/" + file)), SCRAPED);
  }

  private static GpuSample only(Exposition e, DcgmMetric metric) {
    List<GpuSample> found = e.samples().stream().filter(s -> s.metric() == metric).toList();
    assertThat(found).as(metric.name()).hasSize(1);
    return found.get(0);
  }
}
