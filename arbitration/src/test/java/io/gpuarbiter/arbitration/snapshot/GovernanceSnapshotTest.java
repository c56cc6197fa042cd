package io.gpuarbiter.arbitration.snapshot;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Snapshots;
import org.junit.jupiter.api.Test;

class GovernanceSnapshotTest {
  private final ArbitrationEngine engine = new ArbitrationEngine();

  private Charge aCharge(GovernanceSnapshot s) {
    return ((Admitted) engine.decide(aRequest().team("nlp").wholeGpus(3).build(), s, NOW)).charge();
  }

  @Test
  void admitAndReleaseArePureTransitions() {
    GovernanceSnapshot empty = Snapshots.demo();
    Charge c = aCharge(empty);

    GovernanceSnapshot admitted = empty.admit(c);
    GovernanceSnapshot released = admitted.release(c.workload().uid(), NOW);

    assertThat(empty.charges()).isEmpty();
    assertThat(admitted.teamUsage(new TeamId("nlp"), new PoolId("h100")).guaranteed())
        .isEqualTo(Gpue.ofWhole(3));
    assertThat(released.teamUsage(new TeamId("nlp"), new PoolId("h100"))).isEqualTo(TeamUsage.NONE);
    assertThat(released.poolUsage(new PoolId("h100")).used()).isEqualTo(Gpue.ZERO);
  }

  @Test
  void releasingAnUnknownWorkloadChangesNothing() {
    GovernanceSnapshot s = Snapshots.demo();

    assertThat(s.release("never-admitted", NOW)).isSameAs(s);
  }

  @Test
  void admittingTheSameWorkloadTwiceChargesOnce() {
    GovernanceSnapshot s = Snapshots.demo();
    Charge c = aCharge(s);

    GovernanceSnapshot once = s.admit(c);

    assertThat(once.admit(c)).isSameAs(once);
  }

  @Test
  void aNewModelKeepsTheChargesAndRecomputesTheSums() {
    GovernanceSnapshot s = Snapshots.demo();
    GovernanceSnapshot admitted = s.admit(aCharge(s));

    GovernanceSnapshot moved = admitted.withModel(Models.demoLike(), "sha256:next");

    assertThat(moved.policyDigest()).isEqualTo("sha256:next");
    assertThat(moved.charges()).hasSize(1);
    assertThat(
            moved.departmentUsage(
                new io.gpuarbiter.arbitration.model.DepartmentId("research"), new PoolId("h100")))
        .isEqualTo(
            admitted.departmentUsage(
                new io.gpuarbiter.arbitration.model.DepartmentId("research"), new PoolId("h100")));
  }
}
