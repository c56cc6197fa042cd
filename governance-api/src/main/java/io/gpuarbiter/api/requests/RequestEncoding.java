package io.gpuarbiter.api.requests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The canonical bytes of one version of a governance request, the body of its {@code
 * governance-request} ledger entry: compact JSON whose fields this code writes in a fixed order,
 * versioned by {@code v}, with names of its own. It is deliberately not the API's {@link
 * RequestView}: renaming or reordering what the API shows must not change what is hashed and
 * signed. Every field of the request is carried (absent values as {@code null}), so the store can
 * be rolled forward from the ledger exactly ({@link #decode}). GPUe are decimal strings, instants
 * ISO-8601 (UTC).
 *
 * <p>Version 2 added {@code belowUsage} (whether a quota decrease was allowed below current usage);
 * version-1 bodies, written before it existed, still decode (as {@code refuse}, the only behaviour
 * there was).
 */
public final class RequestEncoding {
  /** The ledger entry kind these bodies are recorded under. */
  public static final String KIND = "governance-request";

  public static final int VERSION = 2;

  /** The oldest body version {@link #decode} reads. */
  static final int OLDEST = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestEncoding() {}

  public static byte[] encode(GovernanceRequest r) {
    RequestDraft d = r.draft();
    ObjectNode n = JSON.createObjectNode();
    n.put("v", VERSION);
    n.put("type", KIND);
    n.put("id", r.id());
    n.put("version", r.version());
    n.put("kind", d.kind().label());
    n.put("team", d.team().value());
    n.put("pool", d.pool().value());
    n.put("subject", d.subject());
    n.put("requester", d.requester().value());
    n.put("desired", d.desired().toString());
    n.put("current", r.current().toString());
    n.put("from", d.from().map(Instant::toString).orElse(null));
    n.put("until", d.until().map(Instant::toString).orElse(null));
    n.put("justification", d.justification());
    n.put("costEstimate", d.costEstimate().orElse(null));
    n.put("ticketRef", d.ticketRef().orElse(null));
    n.put("belowUsage", d.belowUsage().label());
    r.route().ifPresentOrElse(a -> n.set("route", route(a)), () -> n.putNull("route"));
    ArrayNode approvals = n.putArray("approvals");
    for (Approval a : r.approvals()) {
      approvals
          .addObject()
          .put("approver", a.approver().value())
          .put("granted", a.granted().toString())
          .put("at", a.at().toString())
          .put("comment", a.comment());
    }
    n.put("state", r.state().label());
    n.put("granted", r.granted().map(Gpue::toString).orElse(null));
    n.put("note", r.note().orElse(null));
    n.put("decidedBy", r.decidedBy().map(UserId::value).orElse(null));
    n.put("createdAt", r.createdAt().toString());
    n.put("updatedAt", r.updatedAt().toString());
    n.put("expiresAt", r.expiresAt().toString());
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  private static ObjectNode route(ApprovalRequest a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("action", a.action().label());
    n.put("level", a.level().label());
    n.put("unit", a.unit().orElse(null));
    n.put("asked", a.asked().toString());
    n.put("excess", a.excess().toString());
    a.approverGroups().forEach(n.putArray("approverGroups")::add);
    ArrayNode approvers = n.putArray("approvers");
    a.approvers().forEach(u -> approvers.add(u.value()));
    ArrayNode vetoHolders = n.putArray("vetoHolders");
    a.vetoHolders().forEach(u -> vetoHolders.add(u.value()));
    n.put("twoApproversRequired", a.twoApproversRequired());
    n.put("requester", a.requester().map(UserId::value).orElse(null));
    return n;
  }

  /**
   * The request these bytes encode.
   *
   * @throws IllegalArgumentException if they are not a version-1 or -2 governance-request body
   *     (e.g. an entry written before this encoding existed, which was the API view's JSON)
   */
  public static GovernanceRequest decode(byte[] body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    int v = n == null ? 0 : n.path("v").asInt();
    if (v < OLDEST || v > VERSION || !KIND.equals(n.path("type").asText())) {
      throw new IllegalArgumentException(
          "not a version-" + OLDEST + " to -" + VERSION + " " + KIND + " body");
    }
    try {
      return request(n);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid " + KIND + " body: " + e.getMessage(), e);
    }
  }

  private static GovernanceRequest request(JsonNode n) {
    RequestDraft d =
        new RequestDraft(
            RequestKind.fromLabel(text(n, "kind")).orElseThrow(),
            new TeamId(text(n, "team")),
            new PoolId(text(n, "pool")),
            Gpue.parse(text(n, "desired")),
            optional(n, "from", Instant::parse),
            optional(n, "until", Instant::parse),
            text(n, "justification"),
            n.path("costEstimate").isNumber()
                ? Optional.of(n.path("costEstimate").asDouble())
                : Optional.empty(),
            optional(n, "ticketRef", s -> s),
            text(n, "subject"),
            new UserId(text(n, "requester")),
            n.path("v").asInt() == 1
                ? BelowUsage.REFUSE
                : BelowUsage.fromLabel(text(n, "belowUsage")).orElseThrow());
    List<Approval> approvals = new ArrayList<>();
    for (JsonNode a : n.path("approvals")) {
      approvals.add(
          new Approval(
              new UserId(text(a, "approver")),
              Gpue.parse(text(a, "granted")),
              Instant.parse(text(a, "at")),
              text(a, "comment")));
    }
    JsonNode route = n.path("route");
    return new GovernanceRequest(
        text(n, "id"),
        d,
        Gpue.parse(text(n, "current")),
        route.isObject() ? Optional.of(route(route)) : Optional.empty(),
        approvals,
        RequestState.fromLabel(text(n, "state")).orElseThrow(),
        optional(n, "granted", Gpue::parse),
        optional(n, "note", s -> s),
        optional(n, "decidedBy", UserId::new),
        n.path("version").asLong(),
        Instant.parse(text(n, "createdAt")),
        Instant.parse(text(n, "updatedAt")),
        Instant.parse(text(n, "expiresAt")));
  }

  private static ApprovalRequest route(JsonNode n) {
    return new ApprovalRequest(
        AuthorityAction.fromLabel(text(n, "action")).orElseThrow(),
        AuthorityScope.fromLabel(text(n, "level")).orElseThrow(),
        optional(n, "unit", s -> s),
        Gpue.parse(text(n, "asked")),
        Gpue.parse(text(n, "excess")),
        strings(n.path("approverGroups")),
        strings(n.path("approvers")).stream().map(UserId::new).toList(),
        strings(n.path("vetoHolders")).stream().map(UserId::new).toList(),
        n.path("twoApproversRequired").asBoolean(),
        optional(n, "requester", UserId::new));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return v.asText();
  }

  private static <T> Optional<T> optional(JsonNode n, String field, Function<String, T> parse) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(parse.apply(v.asText()));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(s -> out.add(s.asText()));
    return out;
  }
}
