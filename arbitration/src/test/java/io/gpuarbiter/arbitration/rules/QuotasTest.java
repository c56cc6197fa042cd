package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Models.gpue;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * h100, department research (cap 10): nlp guarantee 4, borrow ≤ 4, lends ≤ 2; vision guarantee 4,
 * borrow ≤ 2, lends all. Department product: search 2, serving 2 (borrow ≤ 2).
 */
class QuotasTest {
  /** Vision runs this many whole GPUs of its h100 guarantee. */
  private static GovernanceSnapshot visionUsing(int gpus) {
    return Snapshots.demo()
        .admit(
            new Charge(
                new WorkloadRef("PyTorchJob", "vision", "v", "vision-" + gpus),
                new TeamId("vision"),
                new PoolId("h100"),
                WorkloadClass.TRAINING,
                SharingMode.WHOLE,
                Gpue.ofWhole(gpus),
                Gpue.ofWhole(gpus),
                Gpue.ZERO,
                Gpue.ZERO,
                List.of(),
                false,
                0,
                NOW));
  }

  /** nlp may borrow only 1 GPUe in h100. */
  private static GovernanceSnapshot nlpBorrowingLimitOne() {
    List<Quota> quotas = new ArrayList<>(Models.demoLike().quotas());
    quotas.set(0, Models.quota("nlp", "h100", "4", "1", "2"));
    return Snapshots.of(Models.aModel().quotas(quotas).build());
  }

  static Stream<Arguments> guaranteeAndBorrowing() {
    return Stream.of(
        Arguments.of(
            "inside the guarantee",
            Snapshots.demo(),
            "nlp",
            "3",
            true,
            "guaranteed=3 borrowed=0 excess=0 codes=[]"),
        Arguments.of(
            "borrows what vision does not use",
            Snapshots.demo(),
            "nlp",
            "7",
            true,
            "guaranteed=4 borrowed=3 excess=0 codes=[]"),
        Arguments.of(
            "borrowing stops at the borrowing limit",
            nlpBorrowingLimitOne(),
            "nlp",
            "7",
            true,
            "guaranteed=4 borrowed=1 excess=2 codes=[quota.borrowing-limit]"),
        Arguments.of(
            "others' lending limits bound what can be borrowed",
            Snapshots.demo(),
            "vision",
            "7",
            true,
            "guaranteed=4 borrowed=2 excess=1 codes=[quota.exceeded]"));
  }

  static Stream<Arguments> limits() {
    return Stream.of(
        Arguments.of(
            "nothing is borrowed while lenders use their guarantee",
            visionUsing(4),
            "nlp",
            "5",
            true,
            "guaranteed=4 borrowed=0 excess=1 codes=[quota.exceeded]"),
        Arguments.of(
            "the department cap bounds guarantee and borrowing together",
            Snapshots.demo(),
            "nlp",
            "12",
            true,
            "guaranteed=4 borrowed=4 excess=4 codes=[quota.department-cap]"),
        Arguments.of(
            "no borrowing for work that may not run preemptible",
            Snapshots.demo(),
            "nlp",
            "6",
            false,
            "guaranteed=4 borrowed=0 excess=2 codes=[quota.exceeded]"),
        Arguments.of(
            "a team without quota in the pool gets nothing",
            Snapshots.demo(),
            "search",
            "1",
            true,
            "guaranteed=0 borrowed=0 excess=1 codes=[quota.none]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"guaranteeAndBorrowing", "limits"})
  void splits(
      String name,
      GovernanceSnapshot s,
      String team,
      String asked,
      boolean mayBorrow,
      String want) {
    Team t = s.index().team(new TeamId(team)).orElseThrow();
    var pool = "search".equals(team) ? Models.a100() : Models.h100();

    QuotaPlan plan = Quotas.split(t, pool, gpue(asked), mayBorrow, s);

    assertThat(
            "guaranteed="
                + plan.guaranteedPart()
                + " borrowed="
                + plan.borrowed()
                + " excess="
                + plan.excess()
                + " codes="
                + plan.reasons().stream().map(r -> r.code().code()).toList())
        .isEqualTo(want);
  }
}
