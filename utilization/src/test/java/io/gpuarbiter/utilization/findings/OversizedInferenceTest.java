package io.gpuarbiter.utilization.findings;

import static io.gpuarbiter.utilization.testing.Charges.aCharge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Snapshots;
import io.gpuarbiter.utilization.attribution.Attributed;
import io.gpuarbiter.utilization.attribution.WorkloadUse;
import io.gpuarbiter.utilization.rollup.RollUp;
import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo-like model's h100 pool offers MIG (H100-80GB table); its a100 pool does not. */
class OversizedInferenceTest {
  private static final Instant T0 = Models.NOW;
  private static final Duration WIDTH = Duration.ofMinutes(5);
  private static final Duration SCRAPE = Duration.ofSeconds(30);

  private static List<UsageBucket> hour(Charge c, double activity, double memoryMiB) {
    GovernanceSnapshot s = Snapshots.demo().admit(c);
    RollUp r = new RollUp(WIDTH);
    for (int i = 1; i <= 120; i++) {
      WorkloadUse use = new WorkloadUse(c, Optional.of(activity), 1, memoryMiB, 0, 0);
      r.add(
          T0.plus(SCRAPE.multipliedBy(i)).minusMillis(1),
          SCRAPE,
          s,
          new Attributed(Map.of(c.workload().uid(), use), List.of(), 0));
    }
    return r.closeBefore(T0.plus(Duration.ofHours(1)));
  }

  private static List<OversizedInference.Oversized> find(List<UsageBucket> b) {
    return OversizedInference.find(b, Models.demoLike(), WIDTH, 12, 0.15);
  }

  @Test
  void aQuietSmallModelOnAWholeH100FitsTheSmallestSliceThatHoldsItsMemory() {
    Charge chat = aCharge("serving", "chat").inference().build();
    // 7 GiB peak × 1.15 = 8.05 GiB ≤ 10 GiB; 10 % × 1.15 × 7 slices → 1 slice: 1g.10gb
    List<OversizedInference.Oversized> found = find(hour(chat, 0.10, 7 * 1024));

    assertThat(found)
        .singleElement()
        .satisfies(o -> {
          assertThat(o.profile()).isEqualTo("1g.10gb");
          assertThat(o.heldGpue()).isCloseTo(1, within(1e-9));
          assertThat(o.profileGpue()).isCloseTo(1.0 / 7, within(1e-6));
        });
  }

  @Test
  void memoryAndActivityEachSetTheFloor() {
    Charge chat = aCharge("serving", "chat").inference().build();
    // 30 GiB × 1.15 = 34.5 GiB → a 40 GB profile; 3g.40gb is the smallest with ≥ 40 GB
    assertThat(find(hour(chat, 0.10, 30 * 1024)))
        .singleElement()
        .extracting(OversizedInference.Oversized::profile)
        .isEqualTo("3g.40gb");
    // 50 % busy × 1.15 × 7 = 4.03 → 5 slices: 7g.80gb only, the whole GPU: nothing smaller
    assertThat(find(hour(chat, 0.50, 7 * 1024))).isEmpty();
  }

  @Test
  void trainingANonMigPoolAndUnobservedUseAreNotFindings() {
    assertThat(find(hour(aCharge("nlp", "train").build(), 0.05, 1024))).isEmpty();
    Charge onA100 = aCharge("serving", "chat").inference().pool("a100").build();
    assertThat(find(hour(onA100, 0.05, 1024))).isEmpty();
    Charge chat = aCharge("serving", "chat").inference().build();
    GovernanceSnapshot s = Snapshots.demo().admit(chat);
    RollUp r = new RollUp(WIDTH);
    for (int i = 1; i <= 120; i++) {
      r.add(
          T0.plus(SCRAPE.multipliedBy(i)).minusMillis(1),
          SCRAPE,
          s,
          new Attributed(Map.of(), List.of(), 0));
    }
    assertThat(find(r.closeBefore(T0.plus(Duration.ofHours(1))))).isEmpty();
  }
}
