package io.gpuarbiter.utilization.rollup;

import static io.gpuarbiter.utilization.testing.Charges.aCharge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Snapshots;
import io.gpuarbiter.utilization.attribution.Attributed;
import io.gpuarbiter.utilization.attribution.WorkloadUse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollUpTest {
  private static final Instant T0 = Models.NOW; // 10:00, a bucket boundary
  private static final Duration SCRAPE = Duration.ofSeconds(30);

  private final Charge busy = aCharge("nlp", "train").gpus("4").build();
  private final Charge quiet =
      aCharge("serving", "chat").inference().onReservation("launch").build();
  private final GovernanceSnapshot snapshot = Snapshots.demo().admit(busy).admit(quiet);

  private static Attributed seen(Charge c, double activity) {
    WorkloadUse use = new WorkloadUse(c, Optional.of(activity), 1, 1000, 100, 3000);
    return new Attributed(Map.of(c.workload().uid(), use), List.of(), 0);
  }

  private static UsageBucket only(List<UsageBucket> buckets, Scope scope, String key) {
    return buckets.stream()
        .filter(b -> b.scope() == scope && b.key().equals(key))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void allocationComesFromTheChargesAndUseFromActivity() {
    RollUp r = new RollUp(Duration.ofMinutes(5));
    for (int i = 1; i <= 10; i++) { // ten scrapes, 10:00:30 … 10:05:00
      r.add(T0.plus(SCRAPE.multipliedBy(i)).minusMillis(1), SCRAPE, snapshot, seen(busy, 0.5));
    }
    List<UsageBucket> closed = r.closeBefore(T0.plus(Duration.ofMinutes(5)));

    UsageBucket train = only(closed, Scope.WORKLOAD, busy.workload().uid());
    assertThat(train.allocated()).isCloseTo(4 * 300, within(1e-6));
    assertThat(train.active()).isCloseTo(0.5 * 4 * 300, within(1e-6));
    assertThat(train.unobserved()).isZero();
    assertThat(train.joules()).isCloseTo(30000, within(1e-6));
    assertThat(train.workloadClass()).isEqualTo("training");

    UsageBucket chat = only(closed, Scope.WORKLOAD, quiet.workload().uid());
    assertThat(chat.allocated()).isCloseTo(300, within(1e-6));
    assertThat(chat.unobserved()).isEqualTo(chat.allocated()); // no readings: unknown, not idle

    UsageBucket h100 = only(closed, Scope.POOL, "h100");
    assertThat(h100.capacity()).isCloseTo(16 * 300, within(1e-6));
    assertThat(h100.allocated()).isCloseTo(5 * 300, within(1e-6));
    assertThat(h100.active()).isCloseTo(train.active(), within(1e-6));

    UsageBucket launch = only(closed, Scope.RESERVATION, "launch");
    assertThat(launch.capacity()).isCloseTo(2 * 300, within(1e-6));
    assertThat(launch.allocated()).isCloseTo(300, within(1e-6));
    assertThat(launch.unobserved()).isCloseTo(300, within(1e-6));
    assertThat(r.open()).isEmpty();
  }

  @Test
  void aBucketStaysOpenUntilItsEndAndScrapesFallIntoTheirOwnBucket() {
    RollUp r = new RollUp(Duration.ofMinutes(5));
    r.add(T0.plusSeconds(299), SCRAPE, snapshot, seen(busy, 1));
    r.add(T0.plusSeconds(300), SCRAPE, snapshot, seen(busy, 1));

    assertThat(r.closeBefore(T0.plusSeconds(299))).isEmpty();
    List<UsageBucket> first = r.closeBefore(T0.plusSeconds(300));
    assertThat(first).allSatisfy(b -> assertThat(b.start()).isEqualTo(T0));
    assertThat(r.open()).allSatisfy(b -> assertThat(b.start()).isEqualTo(T0.plusSeconds(300)));
  }

  @Test
  void aWidthThatIsNotWholeSecondsIsRefused() {
    assertThatThrownBy(() -> new RollUp(Duration.ofMillis(1500)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RollUp(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
