package io.gpuarbiter.arbitration;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Denied;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.decision.Suggestion;
import io.gpuarbiter.arbitration.model.AuthorityScope;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.testing.Snapshots;
import org.junit.jupiter.api.Test;

/** What decisions carry besides the outcome: tickets, charges, bases and suggestions. */
class DecisionDetailsTest {
  private static final ArbitrationEngine ENGINE = new ArbitrationEngine();

  @Test
  void anOverQuotaAskCarriesATicketForTheDepartmentWithVetoAndNoSelfApproval() {
    var d =
        ENGINE.decide(
            aRequest().team("nlp").wholeGpus(12).checkpointing().requester("carol").build(),
            Snapshots.demo(),
            NOW);

    assertThat(d).isInstanceOf(NeedsApproval.class);
    NeedsApproval n = (NeedsApproval) d;
    assertThat(n.ticket().level()).isEqualTo(AuthorityScope.DEPARTMENT);
    assertThat(n.ticket().excess()).isEqualTo(Gpue.ofWhole(4));
    assertThat(n.ticket().approvers()).containsExactly(new UserId("dave"));
    assertThat(n.ticket().vetoHolders()).containsExactly(new UserId("frank"));
    assertThat(n.charge().approvedExcess()).isEqualTo(Gpue.ofWhole(4));
    assertThat(n.charge().borrowed()).isEqualTo(Gpue.ofWhole(4));
    assertThat(n.placement().preemptible()).as("borrowed capacity is preemptible").isTrue();
    assertThat(n.basis().quota().orElseThrow().departmentCap()).contains(Gpue.ofWhole(10));
  }

  @Test
  void aDenialSaysWhatWouldPass() {
    var d =
        ENGINE.decide(
            aRequest().team("nlp").wholeGpus(15).checkpointing().build(), Snapshots.demo(), NOW);

    assertThat(d).isInstanceOf(Denied.class);
    Denied denied = (Denied) d;
    assertThat(denied.wouldPass())
        .anySatisfy(s ->
            assertThat(s)
                .isEqualTo(
                    new Suggestion.SmallerRequest(
                        denied.basis().quota().orElseThrow().pool(),
                        Gpue.ofWhole(8),
                        "ask for at most 8 GPUe in h100")));
    assertThat(denied.wouldPass()).anyMatch(s -> s instanceof Suggestion.AnotherPool);
    assertThat(denied.wouldPass())
        .filteredOn(s -> s instanceof Suggestion.AskApprover)
        .extracting(s -> ((Suggestion.AskApprover) s).approvers())
        .containsExactly(java.util.List.of(new UserId("erin"), new UserId("fay")));
    assertThat(denied.reasons().get(0).message()).contains("15", "14");
  }

  @Test
  void anAdmissionChargesTheReservationBeforeTheQuota() {
    var d =
        ENGINE.decide(
            aRequest().team("serving").wholeGpus(3).checkpointing().build(), Snapshots.demo(), NOW);

    Admitted a = (Admitted) d;
    assertThat(a.charge().sponsorDrawn()).isEqualTo(Gpue.ofWhole(2));
    assertThat(a.charge().guaranteedPart()).isEqualTo(Gpue.ofWhole(1));
    assertThat(a.basis().reservations()).isNotEmpty();
  }
}
