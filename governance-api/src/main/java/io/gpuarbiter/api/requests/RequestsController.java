package io.gpuarbiter.api.requests;

import io.gpuarbiter.api.Inputs;
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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
  @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  public record Verdict(
      @Schema(
              minimum = "0",
              maximum = RequestSubmission.MAX_GPUE,
              multipleOf = 0.000001,
              description = "GPUe granted (approve only), at most 6 decimals")
          @Nullable
          BigDecimal granted,
      @Schema(maxLength = StrictBody.MAX_TEXT, description = "approve only") @Nullable
          String comment,
      @Schema(maxLength = StrictBody.MAX_TEXT, description = "deny and revoke only") @Nullable
          String reason) {

    /** The verdict in {@code body} (empty: no fields), only {@code allowed} fields accepted. */
    static Verdict read(byte[] body, Set<String> allowed) {
      StrictBody b = StrictBody.parse(body, allowed);
      return new Verdict(
          b.number("granted", BigDecimal.ZERO, new BigDecimal(RequestSubmission.MAX_GPUE), 6)
              .orElse(null),
          b.text("comment", StrictBody.MAX_TEXT).orElse(null),
          b.text("reason", StrictBody.MAX_TEXT).orElse(null));
    }
  }

  private static final Set<String> APPROVE = Set.of("granted", "comment");
  private static final Set<String> DENY = Set.of("reason");

  @Post("/requests")
  @Secured({Roles.REQUESTER, Roles.ADMIN})
  @Operation(summary = "Submit a request; with validateOnly=true only say what would happen")
  @RequestBody(content = @Content(schema = @Schema(implementation = RequestSubmission.class)))
  @ApiResponse(responseCode = "400", description = "a field breaks its rule (named in message)")
  @ApiResponse(responseCode = "413", description = "body over 64 KiB")
  public MutableHttpResponse<?> submit(
      Authentication auth, @Nullable @Body byte[] body, @Nullable @QueryValue String validateOnly) {
    Caller caller = Caller.of(auth);
    io.gpuarbiter.arbitration.approval.RequestDraft draft;
    boolean onlyAsking;
    try {
      tooLarge(body);
      onlyAsking = flag("validateOnly", validateOnly);
      draft = RequestSubmission.read(body).toDraft(caller.user());
    } catch (BodyTooLarge e) {
      return Problems.of(413, "request.too-large", e.getMessage());
    } catch (IllegalArgumentException e) {
      return Problems.invalid(e);
    }
    if (!caller.isAdmin() && !caller.memberOf(draft.team().value())) {
      return Problems.of(
          403, "request.not-your-team", caller.user() + " is not a member of team " + draft.team());
    }
    if (onlyAsking) {
      return HttpResponse.ok(PreviewView.of(requests.preview(draft)));
    }
    return answer(requests.submit(draft), HttpStatus.CREATED);
  }

  @Get("/requests")
  @Secured({Roles.VIEWER, Roles.REQUESTER, Roles.APPROVER, Roles.ADMIN, Roles.AUDITOR})
  @Operation(summary = "Requests, newest first, by team and state")
  public MutableHttpResponse<?> list(
      @Nullable @QueryValue String team,
      @Nullable @QueryValue String state,
      @Nullable @QueryValue String limit) {
    int bounded;
    try {
      bounded = (int) Inputs.whole("limit", limit, 1, 1000, 100);
      Inputs.text("team", team == null ? "" : team, StrictBody.MAX_ID);
      Inputs.text("state", state == null ? "" : state, StrictBody.MAX_ID);
    } catch (IllegalArgumentException e) {
      return Problems.invalid(e);
    }
    return HttpResponse.ok(
        requests.list(team, state, bounded).stream().map(RequestView::of).toList());
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
  @RequestBody(content = @Content(schema = @Schema(implementation = Verdict.class)))
  public MutableHttpResponse<?> approve(
      Authentication auth,
      @PathVariable String id,
      @Nullable @Body byte[] body,
      @Nullable @Header("If-Match") String ifMatch) {
    return decide(
        id,
        body,
        APPROVE,
        v -> {
          Optional<Gpue> grant =
              Optional.ofNullable(v.granted()).map(g -> Gpue.parse(g.toPlainString()));
          String comment = v.comment() == null ? "" : v.comment();
          return requests.approve(id, Caller.of(auth).user(), grant, comment, ifMatch);
        });
  }

  @Post("/requests/{id}/deny")
  @Secured({Roles.APPROVER, Roles.ADMIN})
  @Operation(summary = "Deny with a reason (approvers and veto holders)")
  @RequestBody(content = @Content(schema = @Schema(implementation = Verdict.class)))
  public MutableHttpResponse<?> deny(
      Authentication auth,
      @PathVariable String id,
      @Nullable @Body byte[] body,
      @Nullable @Header("If-Match") String ifMatch) {
    return decide(
        id, body, DENY, v -> requests.deny(id, Caller.of(auth).user(), v.reason(), ifMatch));
  }

  @Post("/requests/{id}/revoke")
  @Secured(Roles.ADMIN)
  @Operation(summary = "Withdraw an applied request before its period ends")
  @RequestBody(content = @Content(schema = @Schema(implementation = Verdict.class)))
  public MutableHttpResponse<?> revoke(
      Authentication auth,
      @PathVariable String id,
      @Nullable @Body byte[] body,
      @Nullable @Header("If-Match") String ifMatch) {
    return decide(
        id,
        body,
        DENY,
        v -> {
          String reason = v.reason() == null ? "revoked" : v.reason();
          return requests.revoke(id, Caller.of(auth).user(), reason, ifMatch);
        });
  }

  /** Reads and bounds a verdict, then takes the step; nothing is written for a refused body. */
  private static MutableHttpResponse<?> decide(
      String id, byte[] body, Set<String> fields, Function<Verdict, Step> step) {
    Verdict verdict;
    try {
      tooLarge(body);
      Inputs.text("id", id, StrictBody.MAX_ID);
      verdict = Verdict.read(body, fields);
    } catch (BodyTooLarge e) {
      return Problems.of(413, "request.too-large", e.getMessage());
    } catch (IllegalArgumentException e) {
      return Problems.invalid(e);
    }
    return answer(step.apply(verdict), HttpStatus.OK);
  }

  /** A body over {@link StrictBody#MAX_BYTES}. */
  private static final class BodyTooLarge extends RuntimeException {
    BodyTooLarge(int size) {
      super("body: at most " + StrictBody.MAX_BYTES + " bytes, got " + size);
    }
  }

  private static void tooLarge(byte[] body) {
    if (body != null && body.length > StrictBody.MAX_BYTES) {
      throw new BodyTooLarge(body.length);
    }
  }

  private static boolean flag(String field, String text) {
    if (text == null || text.equals("false")) {
      return false;
    }
    if (text.equals("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        field + ": expected true or false, got \"" + Inputs.shorten(text) + "\"");
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
