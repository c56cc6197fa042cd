package io.gpuarbiter.arbitration;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.Denied;
import io.gpuarbiter.arbitration.testing.Requests;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A denial taken before the pool choice still records what was asked (before: 0, so an auditor
 * summing denied demand by team saw nothing): the most the ask can be charged on any pool.
 */
class EarlyDenialSizeTest {
  private final ArbitrationEngine engine = new ArbitrationEngine();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "unknown team, 4 pods × 2 GPUs", aRequest().team("nobody").pods(4).wholeGpus(2), "8"),
        Arguments.of(
            "no class, 3 pods × a quarter GPU",
            aRequest().unclassified().pods(3).fraction(250),
            "0.75"),
        Arguments.of(
            "unknown team, 2 pods × a MIG slice: one device each at most",
            aRequest().team("nobody").pods(2).mig("1g.10gb", 1),
            "2"),
        Arguments.of(
            "unknown team, a memory ask: the one device it lands on",
            aRequest().team("nobody").pods(1).gpuMemory(20_000),
            "1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void anEarlyDenialRecordsTheAsk(String name, Requests request, String requested) {
    Decision d = engine.decide(request.build(), Snapshots.demo(), NOW);

    assertThat(d).isInstanceOf(Denied.class);
    assertThat(d.basis().quota()).as("decided before a pool was chosen").isEmpty();
    assertThat(d.basis().requested().toString()).isEqualTo(requested);
  }
}
