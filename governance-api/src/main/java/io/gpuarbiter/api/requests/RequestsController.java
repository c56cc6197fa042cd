package io.gpuarbiter.api.requests;

import io.gpuarbiter.api.security.Caller;
import io.gpuarbiter.api.security.Roles;
import io.gpuarbiter.arbitration.approval.GovernanceRequest;
import io.gpuarbiter.arbitration.approval.Preview;
import io.gpuarbiter.arbitration.approval.Step;
import io.gpuarbiter.arbitration.model.Gpue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Quota changes, reservations and policy exceptions: submit (or ask what would happen with {@code
 * validateOnly}), read, approve, deny, revoke; and each approver's inbox. Every state change is a
 * ledger entry; ETags guard against deciding on a stale version.
 */
@Controller("/api/v1")
@Tag(name = "requests")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RequestsController {
  private final GovernanceRequests requests;

  RequestsController(GovernanceRequests requests) {
    this.requests = requests;
  }

  /** A decision on a request. */
  @Serdeable
  public record Verdict(
      @Nullable BigDecimal granted, @Nullable String comment, @Nullable String reason) {}

  @Post("/requests")
  @Secured({Roles.REQUESTER, Roles.ADMIN})
  @Operation(summary = "Submit a request; with validateOnly=true only say what would happen")
  public MutableHttpResponse<?> submit(
      Authentication auth,
      @Body RequestSubmission body,
      @QueryValue(defaultValue = "false") boolean validateOnly) {
    Caller caller = Caller.of(auth);
    io.gpuarbiter.arbitration.approval.RequestDraft draft;
    try {
      draft = body.toDraft(caller.user());
    } catch (IllegalArgumentException e) {
      return Problems.of(400, "request.invalid", e.getMessage());
    }
    if (!caller.isAdmin() && !caller.memberOf(draft.team().value())) {
      return Problems.of(
          403, "request.not-your-team", caller.user() + " is not a member of team " + draft.team());
    }
    if (validateOnly) {
      return HttpResponse.ok(PreviewView.of(requests.preview(draft)));
    }
    return answer(requests.submit(draft), HttpStatus.CREATED);
  }

  @Get("/requests")
  @Secured({Roles.VIEWER, Roles.REQUESTER, Roles.APPROVER, Roles.ADMIN, Roles.AUDITOR})
  @Operation(summary = "Requests, newest first, by team and state")
  public List<RequestView> list(
      @Nullable @QueryValue String team,
      @Nullable @QueryValue String state,
      @QueryValue(defaultValue = "100") int limit) {
    int bounded = Math.max(1, Math.min(limit, 1000));
    return requests.list(team, state, bounded).stream().map(RequestView::of).toList();
  }

  @Get("/requests/{id}")
  @Secured({Roles.VIEWER, Roles.REQUESTER, Roles.APPROVER, Roles.ADMIN, Roles.AUDITOR})
  @Operation(summary = "One request with its approvals; the ETag header is its version")
  public MutableHttpResponse<?> get(@PathVariable String id) {
    Optional<GovernanceRequest> r = requests.get(id);
    return r.<MutableHttpResponse<?>>map(
            x -> HttpResponse.ok(RequestView.of(x)).header("ETag", x.etag()))
        .orElseGet(() -> Problems.of(404, "request.unknown", "no request " + id));
  }

  @Get("/requests/{id}/history")
  @Secured({Roles.VIEWER, Roles.REQUESTER, Roles.APPROVER, Roles.ADMIN, Roles.AUDITOR})
  @Operation(summary = "The request's recorded states, with their ledger sequence numbers")
  public MutableHttpResponse<?> history(@PathVariable String id) {
    return requests
        .get(id)
        .<MutableHttpResponse<?>>map(r ->
            HttpResponse.ok(
                requests.history(r).stream()
                    .map(h -> new HistoryView(h.seq(), h.at(), h.state()))
                    .toList()))
        .orElseGet(() -> Problems.of(404, "request.unknown", "no request " + id));
  }

  /** One recorded state. */
  @Serdeable
  public record HistoryView(long seq, java.time.Instant at, String state) {}

  @Post("/requests/{id}/approve")
  @Secured({Roles.APPROVER, Roles.ADMIN})
  @Operation(summary = "Approve (optionally granting less than asked); If-Match guards the version")
  public MutableHttpResponse<?> approve(
      Authentication auth,
      @PathVariable String id,
      @Nullable @Body Verdict verdict,
      @Nullable @Header("If-Match") String ifMatch) {
    Optional<Gpue> grant =
        Optional.ofNullable(verdict).map(Verdict::granted).map(g -> Gpue.parse(g.toPlainString()));
    String comment = verdict == null || verdict.comment() == null ? "" : verdict.comment();
    return answer(
        requests.approve(id, Caller.of(auth).user(), grant, comment, ifMatch), HttpStatus.OK);
  }

  @Post("/requests/{id}/deny")
  @Secured({Roles.APPROVER, Roles.ADMIN})
  @Operation(summary = "Deny with a reason (approvers and veto holders)")
  public MutableHttpResponse<?> deny(
      Authentication auth,
      @PathVariable String id,
      @Nullable @Body Verdict verdict,
      @Nullable @Header("If-Match") String ifMatch) {
    String reason = verdict == null ? null : verdict.reason();
    return answer(requests.deny(id, Caller.of(auth).user(), reason, ifMatch), HttpStatus.OK);
  }

  @Post("/requests/{id}/revoke")
  @Secured(Roles.ADMIN)
  @Operation(summary = "Withdraw an applied request before its period ends")
  public MutableHttpResponse<?> revoke(
      Authentication auth,
      @PathVariable String id,
      @Nullable @Body Verdict verdict,
      @Nullable @Header("If-Match") String ifMatch) {
    String reason = verdict == null || verdict.reason() == null ? "revoked" : verdict.reason();
    return answer(requests.revoke(id, Caller.of(auth).user(), reason, ifMatch), HttpStatus.OK);
  }

  @Get("/approvals/inbox")
  @Secured({Roles.APPROVER, Roles.ADMIN})
  @Operation(summary = "Pending requests the caller may approve or veto")
  public List<RequestView> inbox(Authentication auth) {
    return requests.inbox(Caller.of(auth).user()).stream().map(RequestView::of).toList();
  }

  private static MutableHttpResponse<?> answer(Step step, HttpStatus success) {
    return switch (step) {
      case Step.Done d ->
          HttpResponse.status(success)
              .body(RequestView.of(d.request()))
              .header("ETag", d.request().etag());
      case Step.Refused r -> Problems.of(r.error().status(), r.error().code(), r.error().message());
    };
  }

  /** The answer to validateOnly. */
  @Serdeable
  public record PreviewView(
      boolean valid,
      String problem,
      RequestView.RouteView route,
      BigDecimal excess,
      BigDecimal unpromised,
      boolean capacityExists,
      List<String> squeezed) {
    static PreviewView of(Preview p) {
      return new PreviewView(
          p.refused().isEmpty(),
          p.refused().map(e -> e.message()).orElse(null),
          p.route().map(RequestView.RouteView::of).orElse(null),
          RequestView.num(p.excess()),
          RequestView.num(p.unpromised()),
          p.capacityExists(),
          p.squeezed().stream().map(t -> t.value()).toList());
    }
  }
}
