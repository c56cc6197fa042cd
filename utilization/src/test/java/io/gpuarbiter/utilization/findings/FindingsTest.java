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
import io.gpuarbiter.utilization.findings.AllocationVsUse.Grouping;
import io.gpuarbiter.utilization.findings.AllocationVsUse.Row;
import io.gpuarbiter.utilization.rollup.RollUp;
import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An hour of scrapes every 30 s: a busy trainer, an idle inference service, a reservation. */
class FindingsTest {
  private static final Instant T0 = Models.NOW;
  private static final Duration WIDTH = Duration.ofMinutes(5);
  private static final Duration SCRAPE = Duration.ofSeconds(30);

  private final Charge train = aCharge("nlp", "train").gpus("4").build();
  private final Charge chat =
      aCharge("serving", "chat").inference().onReservation("launch").build();
  private final GovernanceSnapshot snapshot = Snapshots.demo().admit(train).admit(chat);

  /** Activity of chat per scrape index; train is at 0.8 throughout. */
  private List<UsageBucket> hour(java.util.function.IntFunction<Optional<Double>> chatActivity) {
    RollUp r = new RollUp(WIDTH);
    for (int i = 1; i <= 120; i++) {
      Map<String, WorkloadUse> uses = new HashMap<>();
      uses.put(train.workload().uid(), new WorkloadUse(train, Optional.of(0.8), 4, 0, 0, 0));
      uses.put(chat.workload().uid(), new WorkloadUse(chat, chatActivity.apply(i), 1, 0, 0, 0));
      r.add(
          T0.plus(SCRAPE.multipliedBy(i)).minusMillis(1),
          SCRAPE,
          snapshot,
          new Attributed(uses, List.of(), 0));
    }
    return r.closeBefore(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void allocationAgainstUsePerTeamPoolAndReservationInGpueHours() {
    List<UsageBucket> b = hour(i -> Optional.of(0.01));
    Instant until = T0.plus(Duration.ofHours(1));

    Map<String, Row> teams = byKey(AllocationVsUse.of(b, Grouping.TEAM, T0, until));
    assertThat(teams.get("nlp").allocated()).isCloseTo(4, within(1e-9));
    assertThat(teams.get("nlp").used()).isCloseTo(3.2, within(1e-9));
    assertThat(teams.get("nlp").workloadIdle()).isCloseTo(0.8, within(1e-9));
    assertThat(teams.get("serving").utilisation().orElseThrow()).isCloseTo(0.01, within(1e-9));

    Row h100 = byKey(AllocationVsUse.of(b, Grouping.POOL, T0, until)).get("h100");
    assertThat(h100.capacity()).isCloseTo(16, within(1e-9));
    assertThat(h100.unallocated()).isCloseTo(11, within(1e-9)); // cluster idle: 16 − 5

    Row launch = byKey(AllocationVsUse.of(b, Grouping.RESERVATION, T0, until)).get("launch");
    assertThat(launch.unallocated()).isCloseTo(1, within(1e-9)); // reserved 2, drawn 1
    assertThat(launch.used()).isCloseTo(0.01, within(1e-9));

    assertThat(AllocationVsUse.of(b, Grouping.TEAM, until, until.plusSeconds(3600))).isEmpty();
  }

  @Test
  void anIdleServiceHoldingItsGpuForSixWindowsIsAZombieAndABusyOneIsNot() {
    List<Zombies.Zombie> z = Zombies.find(hour(i -> Optional.of(0.01)), WIDTH, 0.05, 6);

    assertThat(z)
        .singleElement()
        .satisfies(x -> {
          assertThat(x.workloadUid()).isEqualTo(chat.workload().uid());
          assertThat(x.team()).isEqualTo("serving");
          assertThat(x.heldGpue()).isCloseTo(1, within(1e-9));
          assertThat(x.activity()).isCloseTo(0.01, within(1e-9));
        });
  }

  @Test
  void missingTelemetryOrARecentBurstIsNeverCalledAZombie() {
    // no readings at all in the last window: unknown, not idle
    assertThat(
            Zombies.find(hour(i -> i > 110 ? Optional.empty() : Optional.of(0.0)), WIDTH, 0.05, 6))
        .isEmpty();
    // busy in the last window
    assertThat(
            Zombies.find(hour(i -> i > 110 ? Optional.of(0.9) : Optional.of(0.0)), WIDTH, 0.05, 6))
        .isEmpty();
    // fewer windows of history than asked for
    assertThat(Zombies.find(hour(i -> Optional.of(0.0)), WIDTH, 0.05, 13)).isEmpty();
  }

  @Test
  void aLendableReservationNobodyDrawsIsIdleAndAStrictOneIsNeverReported() {
    // the demo-like model: "eval" (vision, a100, 2 GPUe) is lendable when idle, "launch" strict
    List<UsageBucket> b = hour(i -> Optional.of(0.01));
    var idle = IdleReservations.find(b, snapshot.model().reservations(), WIDTH, 0.5, 6);

    assertThat(idle)
        .singleElement()
        .satisfies(r -> {
          assertThat(r.reservation()).isEqualTo("eval");
          assertThat(r.idleShare()).isCloseTo(1.0, within(1e-9));
          assertThat(r.reservedGpue()).isCloseTo(2, within(1e-9));
        });
    // "launch" is strict: its half-idle, 1 %-active draw is reported by allocation-vs-use only
    assertThat(IdleReservations.find(b, snapshot.model().reservations(), WIDTH, 0.0, 6))
        .extracting(IdleReservations.IdleReservation::reservation)
        .containsExactly("eval");
  }

  @Test
  void aReservationUsedAboveTheThresholdInTheLastWindowIsNotIdle() {
    Charge evalRun =
        aCharge("vision", "eval-run").pool("a100").gpus("2").onReservation("eval").build();
    GovernanceSnapshot s = Snapshots.demo().admit(evalRun);
    RollUp r = new RollUp(WIDTH);
    for (int i = 1; i <= 120; i++) {
      double a = i > 110 ? 0.9 : 0.0;
      r.add(
          T0.plus(SCRAPE.multipliedBy(i)).minusMillis(1),
          SCRAPE,
          s,
          new Attributed(
              Map.of(
                  evalRun.workload().uid(), new WorkloadUse(evalRun, Optional.of(a), 2, 0, 0, 0)),
              List.of(),
              0));
    }
    List<UsageBucket> b = r.closeBefore(T0.plus(Duration.ofHours(1)));

    assertThat(IdleReservations.find(b, s.model().reservations(), WIDTH, 0.5, 6)).isEmpty();
    assertThat(IdleReservations.find(b, s.model().reservations(), WIDTH, 0.5, 1)).isEmpty();
  }

  private static Map<String, Row> byKey(List<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    rows.forEach(r -> m.put(r.key(), r));
    return m;
  }
}
