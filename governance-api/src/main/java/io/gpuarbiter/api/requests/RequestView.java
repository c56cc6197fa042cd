package io.gpuarbiter.api.requests;

import io.gpuarbiter.api.Decimals;
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
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A governance request as the API shows it and the store keeps it (versioned by {@code v}). The
 * engine's records are translated here, at the edge, in both directions.
 */
@Serdeable
public record RequestView(
    int v,
    String id,
    String kind,
    String team,
    String pool,
    BigDecimal desired,
    BigDecimal current,
    Instant from,
    Instant until,
    String justification,
    Double costEstimate,
    String ticketRef,
    String subject,
    @Nullable Boolean allowDecreaseBelowUsage,
    String requester,
    RouteView route,
    List<ApprovalView> approvals,
    String state,
    BigDecimal granted,
    String note,
    String decidedBy,
    long version,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt) {

  static RequestView of(GovernanceRequest r) {
    RequestDraft d = r.draft();
    return new RequestView(
        1,
        r.id(),
        d.kind().label(),
        d.team().value(),
        d.pool().value(),
        num(d.desired()),
        num(r.current()),
        d.from().orElse(null),
        d.until().orElse(null),
        d.justification(),
        d.costEstimate().orElse(null),
        d.ticketRef().orElse(null),
        d.subject(),
        d.belowUsage() == BelowUsage.ALLOW ? Boolean.TRUE : null,
        d.requester().value(),
        r.route().map(RouteView::of).orElse(null),
        r.approvals().stream().map(ApprovalView::of).toList(),
        r.state().label(),
        r.granted().map(RequestView::num).orElse(null),
        r.note().orElse(null),
        r.decidedBy().map(UserId::value).orElse(null),
        r.version(),
        r.createdAt(),
        r.updatedAt(),
        r.expiresAt());
  }

  GovernanceRequest toRequest() {
    RequestDraft d =
        new RequestDraft(
            RequestKind.fromLabel(kind).orElseThrow(),
            new TeamId(team),
            new PoolId(pool),
            gpue(desired),
            Optional.ofNullable(from),
            Optional.ofNullable(until),
            justification,
            Optional.ofNullable(costEstimate),
            Optional.ofNullable(ticketRef),
            subject,
            new UserId(requester),
            Boolean.TRUE.equals(allowDecreaseBelowUsage) ? BelowUsage.ALLOW : BelowUsage.REFUSE);
    return new GovernanceRequest(
        id,
        d,
        gpue(current),
        Optional.ofNullable(route).map(RouteView::toRoute),
        approvals.stream().map(ApprovalView::toApproval).toList(),
        RequestState.fromLabel(state).orElseThrow(),
        Optional.ofNullable(granted).map(RequestView::gpue),
        Optional.ofNullable(note),
        Optional.ofNullable(decidedBy).map(UserId::new),
        version,
        createdAt,
        updatedAt,
        expiresAt);
  }

  static BigDecimal num(Gpue g) {
    return Decimals.of(g);
  }

  static Gpue gpue(BigDecimal b) {
    return Gpue.parse(b.toPlainString());
  }

  /** Who may approve and veto. */
  @Serdeable
  public record RouteView(
      String action,
      String level,
      String unit,
      BigDecimal asked,
      BigDecimal excess,
      List<String> approverGroups,
      List<String> approvers,
      List<String> vetoHolders,
      int approvalsNeeded) {
    static RouteView of(ApprovalRequest a) {
      return new RouteView(
          a.action().label(),
          a.level().label(),
          a.unit().orElse(null),
          num(a.asked()),
          num(a.excess()),
          a.approverGroups(),
          a.approvers().stream().map(UserId::value).toList(),
          a.vetoHolders().stream().map(UserId::value).toList(),
          a.approvalsNeeded());
    }

    ApprovalRequest toRoute() {
      return new ApprovalRequest(
          AuthorityAction.fromLabel(action).orElseThrow(),
          AuthorityScope.fromLabel(level).orElseThrow(),
          Optional.ofNullable(unit),
          gpue(asked),
          gpue(excess),
          approverGroups,
          approvers.stream().map(UserId::new).toList(),
          vetoHolders.stream().map(UserId::new).toList(),
          approvalsNeeded > 1,
          Optional.empty());
    }
  }

  /** One approval. */
  @Serdeable
  public record ApprovalView(String approver, BigDecimal granted, Instant at, String comment) {
    static ApprovalView of(Approval a) {
      return new ApprovalView(a.approver().value(), num(a.granted()), a.at(), a.comment());
    }

    Approval toApproval() {
      return new Approval(new UserId(approver), gpue(granted), at, comment);
    }
  }
}
