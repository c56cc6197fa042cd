package io.gpuarbiter.utilization.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.utilization.findings.QuotaRightsizing.Direction;
import io.gpuarbiter.utilization.findings.QuotaRightsizing.Recommendation;
import io.gpuarbiter.utilization.rollup.Scope;
import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo-like model: nlp holds a guarantee of 4 GPUe in h100. Hourly buckets. */
class QuotaRightsizingTest {
  private static final Instant NOW = Models.NOW;
  private static final Duration WIDTH = Duration.ofHours(1);
  private static final Duration WEEK = Duration.ofDays(7);

  /** nlp's h100 use, {@code used} GPUe busy every hour of the last {@code days} days. */
  private static List<UsageBucket> nlpUsing(double used, int days, boolean observed) {
    List<UsageBucket> b = new ArrayList<>();
    for (int h = days * 24; h >= 1; h--) {
      double alloc = 4 * 3600.0;
      b.add(
          new UsageBucket(
              NOW.minus(WIDTH.multipliedBy(h)),
              Scope.WORKLOAD,
              "uid-nlp-train",
              "nlp",
              "h100",
              "training",
              alloc,
              observed ? used * 3600 : 0,
              observed ? 0 : alloc,
              0,
              0,
              0));
    }
    return b;
  }

  private static List<Recommendation> nlp(List<UsageBucket> b) {
    return QuotaRightsizing.find(b, Models.demoLike(), WIDTH, NOW, WEEK, 0.15).stream()
        .filter(r -> r.team().equals("nlp") && r.pool().equals("h100"))
        .toList();
  }

  @Test
  void aGuaranteeFarAboveEightDaysOfUseIsProposedDownToP90WithTheMargin() {
    Recommendation r = nlp(nlpUsing(1.0, 8, true)).getFirst();

    assertThat(r.direction()).isEqualTo(Direction.DECREASE);
    assertThat(r.guaranteed()).isEqualTo(4.0);
    // 1.0 GPUe falls in the (1.0, 1.1] bucket: p90 = 1.1, × 1.15
    assertThat(r.target()).isCloseTo(1.265, within(1e-9));
    assertThat(r.upper()).isCloseTo(1.1 * 1.15 * (1 + 1.0 / 8), within(1e-6));
    assertThat(r.daysOfHistory()).isCloseTo(8, within(1e-9));
  }

  @Test
  void demandAboveTheGuaranteeIsProposedUp() {
    assertThat(nlp(nlpUsing(5.0, 8, true)))
        .singleElement()
        .extracting(Recommendation::direction)
        .isEqualTo(Direction.INCREASE);
  }

  @Test
  void aGuaranteeInsideTheBandTooLittleHistoryOrUnknownUseProposeNothing() {
    assertThat(nlp(nlpUsing(3.2, 8, true))).isEmpty(); // lower 3.8 ≤ 4 ≤ upper 4.27
    assertThat(nlp(nlpUsing(1.0, 6, true))).isEmpty(); // 6 days < 7
    assertThat(nlp(nlpUsing(0.0, 8, false))).isEmpty(); // never observed: no evidence
  }

  @Test
  void recentDemandOutweighsOldDemand() {
    DecayingHistogram h = new DecayingHistogram(0.1, 16, NOW, Duration.ofHours(24));
    for (int i = 0; i < 10; i++) {
      h.add(8.0, NOW.minus(Duration.ofDays(5))); // ten old samples, each weighing 1/32
    }
    h.add(1.0, NOW); // one sample now, weighing 1
    assertThat(h.percentile(0.5)).isCloseTo(1.1, within(1e-9));
    assertThat(h.percentile(0.9)).isCloseTo(8.1, within(1e-9));
  }
}
