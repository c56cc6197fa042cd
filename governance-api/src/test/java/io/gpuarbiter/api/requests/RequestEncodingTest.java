package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbitration.approval.Approval;
import io.gpuarbiter.arbitration.approval.BelowUsage;
import io.gpuarbiter.arbitration.approval.GovernanceRequest;
import io.gpuarbiter.arbitration.approval.RequestDraft;
import io.gpuarbiter.arbitration.approval.RequestKind;
import io.gpuarbiter.arbitration.approval.RequestState;
import io.gpuarbiter.arbitration.decision.ApprovalRequest;
import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.AuthorityScope;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestEncodingTest {
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  /** A quota change approved by one of two approvers: every field of the request is set. */
  private static final GovernanceRequest UNDER_REVIEW =
      new GovernanceRequest(
          "5f0c2a9e-1b7d-4c3e-9a61-2d8f4b7e0c11",
          new RequestDraft(
              RequestKind.QUOTA_CHANGE,
              new TeamId("nlp"),
              new PoolId("h100"),
              Gpue.parse("15.5"),
              Optional.of(T0),
              Optional.of(T0.plusSeconds(86_400)),
              "70B pretraining",
              Optional.of(12000.0),
              Optional.of("FIN-42"),
              "llm-initiative",
              new UserId("ada"),
              BelowUsage.REFUSE),
          Gpue.ofWhole(8),
          Optional.of(
              new ApprovalRequest(
                  AuthorityAction.QUOTA_INCREASE,
                  AuthorityScope.DEPARTMENT,
                  Optional.of("research"),
                  Gpue.parse("15.5"),
                  Gpue.parse("7.5"),
                  List.of("research-heads"),
                  List.of(new UserId("chen"), new UserId("dana")),
                  List.of(new UserId("kim")),
                  true,
                  Optional.of(new UserId("ada")))),
          List.of(new Approval(new UserId("chen"), Gpue.parse("7"), T0.plusSeconds(60), "go")),
          RequestState.UNDER_REVIEW,
          Optional.of(Gpue.parse("7")),
          Optional.empty(),
          Optional.empty(),
          2,
          T0,
          T0.plusSeconds(60),
          T0.plusSeconds(7 * 86_400));

  @Test
  void theEncodingIsAPinnedByteSequence() {
    // Pinned: what is hashed and signed. A change here must bump RequestEncoding.VERSION, and
    // nothing the API shows (RequestView's names or order) may change it.
    assertThat(new String(RequestEncoding.encode(UNDER_REVIEW), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"v\":2,\"type\":\"governance-request\",\"id\":\"5f0c2a9e-1b7d-4c3e-9a61-2d8f4b7e0c11\","
                + "\"version\":2,\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\","
                + "\"subject\":\"llm-initiative\",\"requester\":\"ada\",\"desired\":\"15.5\","
                + "\"current\":\"8\",\"from\":\"2026-03-01T09:00:00Z\","
                + "\"until\":\"2026-03-02T09:00:00Z\",\"justification\":\"70B pretraining\","
                + "\"costEstimate\":12000.0,\"ticketRef\":\"FIN-42\",\"belowUsage\":\"refuse\","
                + "\"route\":{\"action\":\"quota-increase\",\"level\":\"department\","
                + "\"unit\":\"research\",\"asked\":\"15.5\",\"excess\":\"7.5\","
                + "\"approverGroups\":[\"research-heads\"],\"approvers\":[\"chen\",\"dana\"],"
                + "\"vetoHolders\":[\"kim\"],\"twoApproversRequired\":true,\"requester\":\"ada\"},"
                + "\"approvals\":[{\"approver\":\"chen\",\"granted\":\"7\","
                + "\"at\":\"2026-03-01T09:01:00Z\",\"comment\":\"go\"}],"
                + "\"state\":\"under-review\",\"granted\":\"7\",\"note\":null,\"decidedBy\":null,"
                + "\"createdAt\":\"2026-03-01T09:00:00Z\",\"updatedAt\":\"2026-03-01T09:01:00Z\","
                + "\"expiresAt\":\"2026-03-08T09:00:00Z\"}");
  }

  @Test
  void aVersionOneBodyWrittenBeforeBelowUsageExistedStillDecodes() {
    // The bytes version 1 wrote for UNDER_REVIEW (no belowUsage field): ledgers hold them.
    String v1 =
        new String(RequestEncoding.encode(UNDER_REVIEW), StandardCharsets.UTF_8)
            .replace("{\"v\":2,", "{\"v\":1,")
            .replace("\"belowUsage\":\"refuse\",", "");
    assertThat(v1).doesNotContain("belowUsage");
    assertThat(RequestEncoding.decode(v1.getBytes(StandardCharsets.UTF_8))).isEqualTo(UNDER_REVIEW);
  }

  @Test
  void anAllowedDecreaseBelowUsageIsPartOfTheSignedBytes() {
    GovernanceRequest allowed =
        new GovernanceRequest(
            UNDER_REVIEW.id(),
            UNDER_REVIEW.draft().withBelowUsage(BelowUsage.ALLOW),
            UNDER_REVIEW.current(),
            UNDER_REVIEW.route(),
            UNDER_REVIEW.approvals(),
            UNDER_REVIEW.state(),
            UNDER_REVIEW.granted(),
            UNDER_REVIEW.note(),
            UNDER_REVIEW.decidedBy(),
            UNDER_REVIEW.version(),
            UNDER_REVIEW.createdAt(),
            UNDER_REVIEW.updatedAt(),
            UNDER_REVIEW.expiresAt());
    byte[] bytes = RequestEncoding.encode(allowed);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"belowUsage\":\"allow\"");
    assertThat(RequestEncoding.decode(bytes)).isEqualTo(allowed);
    assertThatThrownBy(() ->
            RequestEncoding.decode(
                new String(bytes, StandardCharsets.UTF_8)
                    .replace("\"allow\"", "\"maybe\"")
                    .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodingGivesBackTheSameRequestAndEncodingIsDeterministic() {
    byte[] bytes = RequestEncoding.encode(UNDER_REVIEW);
    assertThat(RequestEncoding.decode(bytes)).isEqualTo(UNDER_REVIEW);
    assertThat(RequestEncoding.encode(RequestEncoding.decode(bytes))).isEqualTo(bytes);
  }

  @Test
  void absentValuesAreExplicitNullsAndRoundTrip() {
    GovernanceRequest bare =
        new GovernanceRequest(
            "r-2",
            new RequestDraft(
                RequestKind.RESERVATION,
                new TeamId("vision"),
                new PoolId("a100"),
                Gpue.ofWhole(4),
                Optional.empty(),
                Optional.empty(),
                "",
                Optional.empty(),
                Optional.empty(),
                "",
                new UserId("lee"),
                BelowUsage.REFUSE),
            Gpue.ofWhole(0),
            Optional.empty(),
            List.of(),
            RequestState.DENIED,
            Optional.empty(),
            Optional.of("no budget"),
            Optional.of(new UserId("kim")),
            2,
            T0,
            T0,
            T0);
    String json = new String(RequestEncoding.encode(bare), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"from\":null,\"until\":null", "\"route\":null,\"approvals\":[]")
        .contains("\"note\":\"no budget\",\"decidedBy\":\"kim\"");
    assertThat(RequestEncoding.decode(RequestEncoding.encode(bare))).isEqualTo(bare);
  }

  @Test
  void theEncodingDoesNotUseTheApiView() throws Exception {
    // Independent of RequestView by construction: the compiled class does not refer to it.
    try (InputStream in = RequestEncoding.class.getResourceAsStream("RequestEncoding.class")) {
      String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(constants).doesNotContain("RequestView").contains("governance-request");
    }
  }

  @Test
  void bodiesOfOtherShapesAreRefused() {
    // What the ledger held before this encoding: the API view's JSON, versioned by its own "v".
    byte[] legacy = "{\"v\":1,\"id\":\"r-1\",\"kind\":\"quota-change\"}".getBytes();
    assertThatThrownBy(() -> RequestEncoding.decode(legacy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a version-1 to -2 governance-request body");
    byte[] later =
        new String(RequestEncoding.encode(UNDER_REVIEW)).replace("\"v\":2", "\"v\":3").getBytes();
    assertThatThrownBy(() -> RequestEncoding.decode(later))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] truncated = "{\"v\":1,\"type\":\"governance-request\",\"id\":\"r-1\"}".getBytes();
    assertThatThrownBy(() -> RequestEncoding.decode(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kind is missing");
    assertThatThrownBy(() -> RequestEncoding.decode("{oops".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
