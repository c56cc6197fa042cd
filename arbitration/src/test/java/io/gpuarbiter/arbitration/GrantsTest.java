package io.gpuarbiter.arbitration;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.approval.Grants;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.Denied;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.policy.PolicyOutcome;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Approvals in force are inputs of the decision, applied by the engine (before, the arbiter edge
 * applied them after the engine, looking them up under its lock): an approved excess admits the
 * over-quota request it covers, and an approved policy exception turns that policy's denial into a
 * warning.
 */
class GrantsTest {
  private final ArbitrationEngine engine = new ArbitrationEngine();
  private final GovernanceSnapshot demo = Snapshots.demo();

  /** Training without checkpointing that cannot borrow: needs approval for its excess. */
  private final GpuRequest overQuota = aRequest().team("nlp").wholeGpus(6).build();

  @Test
  void anApprovedExcessThatCoversTheAskAdmitsWithThatExcess() {
    NeedsApproval pending = (NeedsApproval) engine.decide(overQuota, demo, NOW);
    Gpue excess = pending.ticket().excess();

    Decision d =
        engine.decide(
            overQuota, demo, NOW, List.of(), Grants.NONE.withApprovedExcess(Optional.of(excess)));

    assertThat(d).isInstanceOf(Admitted.class);
    assertThat(((Admitted) d).charge().approvedExcess()).isEqualTo(excess);
    assertThat(d.reasons())
        .anySatisfy(r -> assertThat(r.code().code()).isEqualTo("approval.granted"));
  }

  @Test
  void anApprovedExcessSmallerThanTheAskAdmitsNothing() {
    Gpue excess = ((NeedsApproval) engine.decide(overQuota, demo, NOW)).ticket().excess();
    Gpue less = excess.minusOrZero(Gpue.ofRatio(1, 2));

    Decision d =
        engine.decide(
            overQuota, demo, NOW, List.of(), Grants.NONE.withApprovedExcess(Optional.of(less)));

    assertThat(d).isInstanceOf(NeedsApproval.class);
  }

  @Test
  void anExceptedPolicysDenialBecomesAWarningAndOthersStillDeny() {
    GpuRequest fits = aRequest().team("nlp").wholeGpus(1).build();
    List<PolicyOutcome> outcomes =
        List.of(new PolicyOutcome("no-latest", PolicyOutcome.Enforcement.DENY, "pin image"));

    Decision excepted =
        engine.decide(
            fits, demo, NOW, outcomes, Grants.NONE.withExceptedPolicies(Set.of("no-latest")));
    Decision other =
        engine.decide(
            fits, demo, NOW, outcomes, Grants.NONE.withExceptedPolicies(Set.of("labels")));

    assertThat(excepted).isInstanceOf(Admitted.class);
    assertThat(excepted.warnings())
        .anySatisfy(w ->
            assertThat(w.message())
                .isEqualTo("no-latest: pin image (allowed by an approved policy exception)"));
    assertThat(other).isInstanceOf(Denied.class);
  }
}
