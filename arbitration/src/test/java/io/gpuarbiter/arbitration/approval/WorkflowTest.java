package io.gpuarbiter.arbitration.approval;

import static io.gpuarbiter.arbitration.testing.Models.authority;
import static io.gpuarbiter.arbitration.testing.Models.gpue;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.AuthorityRule;
import io.gpuarbiter.arbitration.model.AuthorityScope;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.ModelBuilder;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Requests;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The approval workflow, one scenario per test, on the shared test model. */
class WorkflowTest {
  static final Instant NOW = Models.NOW;
  static final UserId ALICE = new UserId("alice"); // team lead
  static final UserId CAROL = new UserId("carol"); // department head
  static final UserId DAVE = new UserId("dave"); // department head
  static final UserId ERIN = new UserId("erin"); // council
  static final UserId FAY = new UserId("fay"); // council
  static final UserId FRANK = new UserId("frank"); // finance: veto

  /** Quota increases: department heads up to 4 GPUe (finance may veto), then the council. */
  static final GovernanceSnapshot SNAPSHOT =
      Snapshots.of(
          ModelBuilder.from(Models.demoLike())
              .authority(
                  List.of(
                      quotaRule(AuthorityScope.DEPARTMENT, "4", "dept-heads", null, "finance"),
                      quotaRule(AuthorityScope.ORGANIZATION, "64", "gpu-council", "8", null)))
              .build());

  static AuthorityRule quotaRule(
      AuthorityScope scope, String limit, String group, String twoAbove, String veto) {
    AuthorityRule base =
        authority(scope, limit, group, twoAbove, veto == null ? List.of() : List.of(veto));
    return new AuthorityRule(
        base.scope(),
        base.unit(),
        AuthorityAction.QUOTA_INCREASE,
        base.limit(),
        base.approverGroup(),
        base.twoApproversAbove(),
        base.vetoGroups());
  }

  static RequestDraft quota(String desired, UserId requester) {
    return new RequestDraft(
        RequestKind.QUOTA_CHANGE,
        new TeamId("nlp"),
        new PoolId("h100"),
        gpue(desired),
        Optional.empty(),
        Optional.empty(),
        "new model family",
        Optional.of(1200.0),
        Optional.empty(),
        "",
        requester,
        BelowUsage.REFUSE);
  }

  static GovernanceRequest submitted(RequestDraft draft) {
    return ((Step.Done) Workflow.submit("r1", draft, SNAPSHOT, NOW)).request();
  }

  static GovernanceRequest done(Step step) {
    assertThat(step).isInstanceOf(Step.Done.class);
    return ((Step.Done) step).request();
  }

  static WorkflowError refused(Step step) {
    assertThat(step).isInstanceOf(Step.Refused.class);
    return ((Step.Refused) step).error();
  }

  @Test
  void aSmallIncreaseRoutesToTheDepartmentWithItsVetoHolder() {
    GovernanceRequest r = submitted(quota("6", ALICE)); // nlp holds 4: asks 2 more
    assertThat(r.state()).isEqualTo(RequestState.SUBMITTED);
    assertThat(r.excess()).isEqualTo(gpue("2"));
    assertThat(r.route().orElseThrow().level()).isEqualTo(AuthorityScope.DEPARTMENT);
    assertThat(r.route().orElseThrow().approvers()).containsExactlyInAnyOrder(CAROL, DAVE);
    assertThat(r.route().orElseThrow().vetoHolders()).containsExactly(FRANK);
  }

  @Test
  void aLargeIncreaseEscalatesToTheCouncilAndNeedsTwoApprovers() {
    GovernanceRequest r = submitted(quota("14", ALICE));
    assertThat(r.route().orElseThrow().level()).isEqualTo(AuthorityScope.ORGANIZATION);
    assertThat(r.route().orElseThrow().approvalsNeeded()).isEqualTo(2);
    GovernanceRequest once = done(Workflow.approve(r, ERIN, Optional.empty(), "ok", NOW));
    assertThat(once.state()).isEqualTo(RequestState.UNDER_REVIEW);
    GovernanceRequest twice = done(Workflow.approve(once, FAY, Optional.empty(), "ok", NOW));
    assertThat(twice.state()).isEqualTo(RequestState.APPROVED);
    assertThat(twice.granted()).contains(gpue("14"));
    assertThat(twice.version()).isEqualTo(3);
  }

  @Test
  void nobodyApprovesTheirOwnRequest() {
    GovernanceRequest r = submitted(quota("6", CAROL));
    assertThat(r.route().orElseThrow().approvers()).containsExactly(DAVE);
    WorkflowError e = refused(Workflow.approve(r, CAROL, Optional.empty(), "", NOW));
    assertThat(e.code()).isEqualTo("approval.self");
    assertThat(e.status()).isEqualTo(403);
  }

  @Test
  void someoneOutsideTheRouteCannotApprove() {
    WorkflowError e =
        refused(Workflow.approve(submitted(quota("6", ALICE)), ERIN, Optional.empty(), "", NOW));
    assertThat(e.code()).isEqualTo("approval.not-an-approver");
    assertThat(e.message()).contains("carol", "dave");
  }

  @Test
  void aSmallerGrantIsAPartialApproval() {
    GovernanceRequest r = submitted(quota("6", ALICE));
    GovernanceRequest p = done(Workflow.approve(r, CAROL, Optional.of(gpue("5")), "half", NOW));
    assertThat(p.state()).isEqualTo(RequestState.PARTIALLY_APPROVED);
    assertThat(p.granted()).contains(gpue("5"));
  }

  @Test
  void aGrantMustLieBetweenTheCurrentGuaranteeAndTheAsk() {
    GovernanceRequest r = submitted(quota("6", ALICE));
    assertThat(refused(Workflow.approve(r, CAROL, Optional.of(gpue("7")), "", NOW)).status())
        .isEqualTo(422);
    assertThat(refused(Workflow.approve(r, CAROL, Optional.of(gpue("4")), "", NOW)).status())
        .isEqualTo(422);
  }

  @Test
  void aVetoHolderDeniesAtAnyStepAndNothingCanBeDecidedAfter() {
    GovernanceRequest r = submitted(quota("6", ALICE));
    GovernanceRequest denied = done(Workflow.deny(r, FRANK, "over budget this quarter", NOW));
    assertThat(denied.state()).isEqualTo(RequestState.DENIED);
    assertThat(denied.note()).contains("over budget this quarter");
    assertThat(refused(Workflow.approve(denied, CAROL, Optional.empty(), "", NOW)).status())
        .isEqualTo(409);
  }

  @Test
  void aDecreaseAboveUsageNeedsNoApproval() {
    GovernanceRequest r = done(Workflow.submit("r2", quota("3", ALICE), SNAPSHOT, NOW));
    assertThat(r.state()).isEqualTo(RequestState.APPROVED);
    assertThat(r.route()).isEmpty();
    assertThat(done(Workflow.apply(r, NOW)).state()).isEqualTo(RequestState.APPLIED);
  }

  @Test
  void aDecreaseBelowUsageIsRefusedUnlessAskedForExplicitly() {
    GovernanceSnapshot busy =
        Snapshots.admitIfAdmitted(
            SNAPSHOT, Requests.aRequest().team("nlp").wholeGpus(3).build(), NOW);
    assertThat(busy.teamUsage(new TeamId("nlp"), new PoolId("h100")).guaranteed())
        .isEqualTo(gpue("3"));

    WorkflowError e = refused(Workflow.submit("r2", quota("1", ALICE), busy, NOW));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.message())
        .contains("uses 3 GPUe", "below current usage", "allowDecreaseBelowUsage");

    GovernanceRequest r =
        done(Workflow.submit("r2", quota("1", ALICE).withBelowUsage(BelowUsage.ALLOW), busy, NOW));
    assertThat(r.state()).isEqualTo(RequestState.APPROVED);
    assertThat(r.granted()).contains(gpue("1"));
    assertThat(r.note().orElseThrow()).contains("below current usage (3 GPUe) as asked");
    // Above usage the flag changes nothing.
    assertThat(
            done(Workflow.submit(
                    "r3", quota("3", ALICE).withBelowUsage(BelowUsage.ALLOW), busy, NOW))
                .note())
        .contains("a decrease needs no approval");
  }

  @Test
  void anAskNobodyMayGrantIsRefusedAtOnce() {
    WorkflowError e =
        refused(
            Workflow.submit(
                "r3",
                quota("16", ALICE),
                Snapshots.of(ModelBuilder.from(Models.demoLike()).authority(List.of()).build()),
                NOW));
    assertThat(e.code()).isEqualTo("authority.none");
  }

  @Test
  void pendingRequestsLapseAndTimeBoxedOnesEnd() {
    GovernanceRequest r = submitted(quota("6", ALICE));
    assertThat(Workflow.expireIfDue(r, NOW.plus(Duration.ofDays(1)))).isEmpty();
    assertThat(Workflow.expireIfDue(r, NOW.plus(Workflow.PENDING_FOR)).orElseThrow().state())
        .isEqualTo(RequestState.EXPIRED);
    assertThat(
            refused(Workflow.approve(r, CAROL, Optional.empty(), "", NOW.plus(Duration.ofDays(8))))
                .message())
        .contains("expired");
  }

  @Test
  void invalidDraftsAreRefusedWithTheField() {
    RequestDraft reservationWithoutEnd =
        new RequestDraft(
            RequestKind.RESERVATION,
            new TeamId("nlp"),
            new PoolId("h100"),
            gpue("2"),
            Optional.empty(),
            Optional.empty(),
            "launch",
            Optional.empty(),
            Optional.empty(),
            "launch",
            ALICE,
            BelowUsage.REFUSE);
    assertThat(refused(Workflow.submit("x", reservationWithoutEnd, SNAPSHOT, NOW)).message())
        .startsWith("until:");
    RequestDraft unknownPool =
        new RequestDraft(
            RequestKind.QUOTA_CHANGE,
            new TeamId("nlp"),
            new PoolId("tpu"),
            gpue("2"),
            Optional.empty(),
            Optional.empty(),
            "x",
            Optional.empty(),
            Optional.empty(),
            "",
            ALICE,
            BelowUsage.REFUSE);
    assertThat(refused(Workflow.submit("x", unknownPool, SNAPSHOT, NOW)).message())
        .isEqualTo("pool: unknown pool \"tpu\"");
  }

  @Test
  void previewSaysWhoApprovesAndWhoseGuaranteesAnAskWouldSqueeze() {
    Preview fits = Preview.of(quota("6", ALICE), SNAPSHOT, NOW);
    assertThat(fits.capacityExists()).isTrue();
    assertThat(fits.route().orElseThrow().approvers()).contains(CAROL);
    Preview squeezes = Preview.of(quota("10", ALICE), SNAPSHOT, NOW);
    assertThat(squeezes.capacityExists()).isFalse();
    assertThat(squeezes.squeezed())
        .extracting(TeamId::value)
        .containsExactlyInAnyOrder("vision", "search", "serving");
  }

  @Test
  void anAppliedQuotaChangeIsInForceUntilItsPeriodEnds() {
    RequestDraft windowed =
        new RequestDraft(
            RequestKind.QUOTA_CHANGE,
            new TeamId("nlp"),
            new PoolId("h100"),
            gpue("6"),
            Optional.empty(),
            Optional.of(NOW.plus(Duration.ofDays(2))),
            "burst",
            Optional.empty(),
            Optional.empty(),
            "",
            ALICE,
            BelowUsage.REFUSE);
    GovernanceRequest r = done(Workflow.submit("w", windowed, SNAPSHOT, NOW));
    r = done(Workflow.approve(r, CAROL, Optional.empty(), "", NOW));
    r = done(Workflow.apply(r, NOW));
    var during = ModelChanges.overlay(SNAPSHOT.model(), List.of(r), NOW);
    var after = ModelChanges.overlay(SNAPSHOT.model(), List.of(r), NOW.plus(Duration.ofDays(3)));
    Gpue nlpH100During =
        during.quota(new TeamId("nlp"), new PoolId("h100")).orElseThrow().guaranteed();
    assertThat(nlpH100During).isEqualTo(gpue("6"));
    assertThat(after.quota(new TeamId("nlp"), new PoolId("h100")).orElseThrow().guaranteed())
        .isEqualTo(gpue("4"));
  }
}
