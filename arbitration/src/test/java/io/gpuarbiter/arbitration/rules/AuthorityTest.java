package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.testing.Models.gpue;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.decision.ApprovalRequest;
import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.snapshot.ModelIndex;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Demo authority for over-quota admission: team leads (alice, bob) up to 2 GPUe; department heads
 * (carol, dave) up to 8, two of them above 4, finance (frank) may veto; the GPU council (erin, fay)
 * up to 64.
 */
class AuthorityTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "a small excess goes to the team leads, never to the requester",
            "1",
            "alice",
            "team [bob] one veto=[]"),
        Arguments.of(
            "the other team lead is excluded when he asks", "1", "bob", "team [alice] one veto=[]"),
        Arguments.of(
            "a larger excess escalates to the department",
            "3",
            "alice",
            "department [carol, dave] one veto=[frank]"),
        Arguments.of(
            "above 4 GPUe the department needs two approvers",
            "5",
            "alice",
            "department [carol, dave] two veto=[frank]"),
        Arguments.of(
            "a department head asking leaves one: escalate to the organization",
            "6",
            "carol",
            "organization [erin, fay] one veto=[frank]"),
        Arguments.of(
            "automation (no requester) may be approved by anyone in the group",
            "2",
            null,
            "team [alice, bob] one veto=[]"),
        Arguments.of("beyond every limit nobody can grant it", "100", "alice", "none"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void routes(String name, String excess, String requester, String want) {
    ModelIndex index = Snapshots.demo().index();
    Team nlp = index.team(new TeamId("nlp")).orElseThrow();

    Optional<ApprovalRequest> ticket =
        Authority.route(
            AuthorityAction.OVER_QUOTA_ADMISSION,
            nlp,
            gpue(excess),
            gpue(excess),
            Optional.ofNullable(requester).map(UserId::new),
            index);

    assertThat(ticket.map(AuthorityTest::describe).orElse("none")).isEqualTo(want);
  }

  private static String describe(ApprovalRequest t) {
    return t.level().label()
        + " "
        + t.approvers()
        + (t.twoApproversRequired() ? " two" : " one")
        + " veto="
        + t.vetoHolders();
  }
}
