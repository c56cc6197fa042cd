package io.gpuarbiter.telemetry.dcgm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.testing.TestData;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Energy between two counter readings, a reset included, on the Ericsson T4 capture's reading. */
class EnergyCounterTest {
  @Test
  void energyBetweenTwoReadingsOfTheRealCounter() throws Exception {
    double real =
        new ExpositionParser()
                .parse(
                    Files.readString(
                        TestData.resolve("dcgm/ai-conformance__ericsson-t4-metrics.txt")),
                    Instant.EPOCH)
                .samples()
                .stream()
                .filter(s -> s.metric() == DcgmMetric.TOTAL_ENERGY_CONSUMPTION)
                .findFirst()
                .orElseThrow()
                .value();
    // 30 s later at the capture's own 68.2 W: 2,046 J more
    EnergyCounter.Used used = EnergyCounter.between(real, real + 2_046_000);
    assertThat(used).isEqualTo(new EnergyCounter.Used(2046, false));
    assertThat(used.watts(Duration.ofSeconds(30)))
        .hasValueSatisfying(
            w -> assertThat(w).isEqualTo(68.2, org.assertj.core.data.Offset.offset(1e-9)));
  }

  @Test
  void aReadingBelowThePreviousIsAResetAndCountsOnlyWhatCameSince() {
    assertThat(EnergyCounter.between(5_000_000, 120_000))
        .isEqualTo(new EnergyCounter.Used(120, true));
  }

  @Test
  void anEmptyIntervalHasNoPowerAndBadReadingsAreRefused() {
    assertThat(EnergyCounter.between(1, 1).watts(Duration.ZERO)).isEmpty();
    assertThatThrownBy(() -> EnergyCounter.between(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EnergyCounter.between(1, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
