package io.gpuarbiter.telemetry.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuarbiter.telemetry.dcgm.DcgmMetric;
import io.gpuarbiter.telemetry.dcgm.DeviceReadings;
import io.gpuarbiter.telemetry.dcgm.EnergyCounter;
import io.gpuarbiter.telemetry.dcgm.ExpositionParser;
import io.gpuarbiter.telemetry.demo.SimulatedDevice.Behaviour;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated values show what the demo claims: idle devices stay near 0, busy ones above 0.5,
 * bursty ones alternate; power stays in the board's range; the energy counter never decreases and
 * is the integral of the reported power. Seed fixed (20261202) unless {@code -Ddemo.seed}, and
 * printed.
 */
class DemoSignalTest {
  private static final Instant START = Instant.parse("2026-12-02T08:00:00Z");
  private static final ExpositionParser PARSER = new ExpositionParser();
  private static long seed;
  private static DemoExporter exporter;

  @BeforeAll
  static void seed() {
    seed = Long.getLong("demo.seed", 20261202L);
    System.out.println("DemoSignalTest seed = " + seed + " (replay with -Ddemo.seed=" + seed + ")");
    exporter = new DemoExporter(DemoFleet.sample(), seed);
  }

  @Test
  void idleStaysNearZeroBusyAboveHalfAndBurstyHasBothPhases() {
    Map<Behaviour, double[]> range = new HashMap<>();
    for (int i = 0; i < 600; i++) {
      for (DeviceReadings.Reading r : readings(START.plusSeconds(i * 13L))) {
        double a = r.value(DcgmMetric.GR_ENGINE_ACTIVE).orElseThrow();
        Behaviour b = DemoExporterTest.entry(r).behaviour();
        double[] mm = range.computeIfAbsent(b, k -> new double[] {1, 0});
        mm[0] = Math.min(mm[0], a);
        mm[1] = Math.max(mm[1], a);
      }
    }
    assertThat(range.get(Behaviour.IDLE)[1]).isLessThan(0.05);
    assertThat(range.get(Behaviour.BUSY)[0]).isGreaterThan(0.5);
    assertThat(range.get(Behaviour.BUSY)[1]).isLessThanOrEqualTo(0.95);
    assertThat(range.get(Behaviour.SMALL_FOOTPRINT)[0]).isGreaterThanOrEqualTo(0.1);
    assertThat(range.get(Behaviour.SMALL_FOOTPRINT)[1]).isLessThanOrEqualTo(0.25);
    assertThat(range.get(Behaviour.BURSTY)[0]).as("a quiet phase").isLessThan(0.05);
    assertThat(range.get(Behaviour.BURSTY)[1]).as("a busy phase").isGreaterThan(0.6);
  }

  @Test
  void powerStaysBetweenTheIdleFloorAndTheBoardLimit() {
    for (int i = 0; i < 300; i++) {
      for (DeviceReadings.Reading r : readings(START.plusSeconds(i * 29L))) {
        SimulatedDevice d = DemoExporterTest.entry(r);
        BoardPower board = BoardPower.forModel(d.modelName());
        double share = d.mig().map(m -> m.slices() / 7.0).orElse(1.0);
        assertThat(r.value(DcgmMetric.POWER_USAGE).orElseThrow())
            .isBetween(share * board.idleWatts() - 1e-3, share * board.limitWatts() + 1e-3);
      }
    }
  }

  @Test
  void withinABucketGaugesHoldAndOnlyTheEnergyGrows() {
    Instant at = START.plusSeconds(3);
    Map<String, DeviceReadings.Reading> before = byDevice(readings(at));
    for (DeviceReadings.Reading later : readings(at.plusSeconds(20))) {
      DeviceReadings.Reading earlier = before.get(DemoExporterTest.key(later));
      for (DcgmMetric m : DcgmMetric.values()) {
        if (m.counter()) {
          assertThat(later.value(m).orElseThrow()).isGreaterThan(earlier.value(m).orElseThrow());
        } else {
          assertThat(later.value(m)).isEqualTo(earlier.value(m));
        }
      }
    }
  }

  @Test
  void energyNeverDecreases() {
    SplittableRandom steps = new SplittableRandom(seed);
    Instant at = START;
    Map<String, Double> last = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      at = at.plusMillis(1 + steps.nextLong(i % 50 == 0 ? 86_400_000L : 45_000L));
      for (DeviceReadings.Reading r : readings(at)) {
        double e = r.value(DcgmMetric.TOTAL_ENERGY_CONSUMPTION).orElseThrow();
        Double previous = last.put(DemoExporterTest.key(r), e);
        if (previous != null) {
          assertThat(e).isGreaterThanOrEqualTo(previous);
          assertThat(EnergyCounter.between(previous, e).reset()).isFalse();
        }
      }
    }
  }

  @Test
  void theCounterIsTheIntegralOfTheReportedPower() {
    Instant from = START.plusSeconds(17);
    int scrapes = 240; // two hours, every 30 s: each reading holds for its whole bucket
    Map<String, Double> sumWatts = new HashMap<>();
    for (int i = 0; i < scrapes; i++) {
      for (DeviceReadings.Reading r : readings(from.plusSeconds(30L * i))) {
        sumWatts.merge(
            DemoExporterTest.key(r), r.value(DcgmMetric.POWER_USAGE).orElseThrow(), Double::sum);
      }
    }
    Instant to = from.plusSeconds(30L * scrapes);
    Map<String, DeviceReadings.Reading> first = byDevice(readings(from));
    Duration interval = Duration.between(from, to);
    for (DeviceReadings.Reading end : readings(to)) {
      String key = DemoExporterTest.key(end);
      EnergyCounter.Used used =
          EnergyCounter.between(
              first.get(key).value(DcgmMetric.TOTAL_ENERGY_CONSUMPTION).orElseThrow(),
              end.value(DcgmMetric.TOTAL_ENERGY_CONSUMPTION).orElseThrow());
      double meanWatts = sumWatts.get(key) / scrapes;
      assertThat(used.watts(interval).orElseThrow())
          .as(key)
          .isCloseTo(meanWatts, within(0.01 * meanWatts + 0.01));
    }
  }

  private static List<DeviceReadings.Reading> readings(Instant at) {
    return DeviceReadings.of(PARSER.parse(exporter.exposition(at), at).samples());
  }

  private static Map<String, DeviceReadings.Reading> byDevice(List<DeviceReadings.Reading> rs) {
    Map<String, DeviceReadings.Reading> out = new HashMap<>();
    rs.forEach(r -> out.put(DemoExporterTest.key(r), r));
    return out;
  }
}
