package io.gpuarbiter.arbitration.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MigProfilesTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "8 GiB on an A100-40GB takes 1g.10gb", "A100-40GB", 8_192L, List.of(), "1g.10gb"),
        Arguments.of(
            "4 GiB on an A100-40GB takes 1g.5gb", "A100-40GB", 4_096L, List.of(), "1g.5gb"),
        Arguments.of(
            "15 GiB on an H100-80GB takes 1g.20gb", "H100-80GB", 15_360L, List.of(), "1g.20gb"),
        Arguments.of(
            "30 GiB on an H100-80GB takes 3g.40gb", "H100-80GB", 30_720L, List.of(), "3g.40gb"),
        Arguments.of("10 GiB on an A30 takes 2g.12gb", "A30-24GB", 10_240L, List.of(), "2g.12gb"),
        Arguments.of(
            "100 GiB on an H200 takes 7g.141gb", "H200-141GB", 102_400L, List.of(), "7g.141gb"),
        Arguments.of("40 GiB on a B200 takes 1g.45gb", "B200-180GB", 40_960L, List.of(), "1g.45gb"),
        Arguments.of(
            "the pool's partitioning limits the choice",
            "H100-80GB",
            8_192L,
            List.of("3g.40gb", "4g.40gb"),
            "3g.40gb"),
        Arguments.of("nothing holds 90 GiB on an H100-80GB", "H100-80GB", 92_160L, List.of(), null),
        Arguments.of("an L4 has no MIG", "L4", 1_024L, List.of(), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void picksTheSmallestFittingProfile(
      String name, String model, long neededMiB, List<String> allowed, String want) {
    assertThat(MigProfiles.smallestFitting(model, neededMiB, allowed).map(MigProfile::name))
        .isEqualTo(java.util.Optional.ofNullable(want));
  }
}
