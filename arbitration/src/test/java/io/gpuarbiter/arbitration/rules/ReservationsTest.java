package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Models.gpue;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** h100: 16 GPUs, 2 strictly reserved for serving. a100: 8 GPUs, 2 lendable-when-idle to vision. */
class ReservationsTest {
  private static final Pool H100 = Models.h100();
  private static final Pool A100 = Models.a100();
  private static final Instant JULY = Instant.parse("2025-07-15T00:00:00Z");

  static Stream<Arguments> strict() {
    return Stream.of(
        Arguments.of(
            "an outsider gets the unreserved 14 of 16",
            "nlp",
            false,
            "14",
            H100,
            NOW,
            "fits quota=14 draws=[] codes=[]"),
        Arguments.of(
            "an outsider never gets strictly reserved capacity",
            "nlp",
            true,
            "15",
            H100,
            NOW,
            "short quota=15 draws=[] codes=[reservation.strict]"),
        Arguments.of(
            "the sponsor draws on its reservation first, outside quota",
            "serving",
            false,
            "3",
            H100,
            NOW,
            "fits quota=1 draws=[launch:2] codes=[]"),
        Arguments.of(
            "after the window the reservation holds nothing back",
            "nlp",
            false,
            "16",
            H100,
            JULY,
            "fits quota=16 draws=[] codes=[]"));
  }

  static Stream<Arguments> lendable() {
    return Stream.of(
        Arguments.of(
            "a preemptible outsider borrows idle lendable capacity",
            "nlp",
            true,
            "8",
            A100,
            NOW,
            "fits quota=8 draws=[eval:2 lent] codes=[]"),
        Arguments.of(
            "a non-preemptible outsider does not",
            "nlp",
            false,
            "8",
            A100,
            NOW,
            "short quota=8 draws=[] codes=[reservation.lendable-needs-preemptible]"),
        Arguments.of(
            "beyond the pool's GPUs nothing fits",
            "vision",
            true,
            "9",
            A100,
            NOW,
            "short quota=7 draws=[eval:2] codes=[pool.capacity]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"strict", "lendable"})
  void plans(
      String name,
      String team,
      boolean preemptible,
      String asked,
      Pool pool,
      Instant now,
      String want) {
    ReservationPlan plan =
        Reservations.plan(new TeamId(team), preemptible, gpue(asked), pool, Snapshots.demo(), now);

    assertThat(describe(plan)).isEqualTo(want);
  }

  private static String describe(ReservationPlan plan) {
    return (plan.fits() ? "fits" : "short")
        + " quota="
        + plan.quotaPart()
        + " draws="
        + plan.draws().stream()
            .map(d -> d.reservation() + ":" + d.amount() + (d.lent() ? " lent" : ""))
            .toList()
        + " codes="
        + plan.reasons().stream().map(r -> r.code().code()).toList();
  }
}
