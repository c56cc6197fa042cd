package io.gpuarbiter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbitration.model.Gpue;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
  static Stream<Arguments> quantities() {
    return Stream.of(
        Arguments.of("whole GPUe", Units.gpue("8"), Gpue.ofWhole(8)),
        Arguments.of("fractional GPUe", Units.gpue("2.5"), new Gpue(2_500_000)),
        Arguments.of("memory in Gi", Units.memoryMiB("80Gi"), 81_920L),
        Arguments.of("memory in Mi", Units.memoryMiB("512Mi"), 512L),
        Arguments.of("power in W", Units.watts("700W"), 700L),
        Arguments.of("power in kW", Units.watts("12.5kW"), 12_500L),
        Arguments.of("hours", Units.duration("720h"), Duration.ofHours(720)),
        Arguments.of("days", Units.duration("14d"), Duration.ofDays(14)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quantities")
  void parsesExplicitUnits(String name, Object got, Object want) {
    assertThat(got).isEqualTo(want);
  }

  @ParameterizedTest(name = "rejects \"{0}\"")
  @ValueSource(strings = {"80", "80GB", "-1Gi", "1e3Gi", ""})
  void memoryWithoutAValidUnitIsRejected(String text) {
    assertThatThrownBy(() -> Units.memoryMiB(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected memory with a unit");
  }

  @ParameterizedTest(name = "rejects \"{0}\"")
  @ValueSource(strings = {"-1", "1.1234567", "NaN", "2 GPUs", "1e2"})
  void gpueMustBeAPlainDecimal(String text) {
    assertThatThrownBy(() -> Units.gpue(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
