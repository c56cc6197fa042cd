package io.gpuarbiter.arbiter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.DecisionBasis;
import io.gpuarbiter.arbitration.decision.Denied;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.PodSet;
import io.gpuarbiter.arbitration.snapshot.Charge;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The canonical bytes of a decision for the ledger: compact JSON whose fields are written in a
 * fixed order by this code (never whatever a mapper happens to produce), versioned by {@code v}. It
 * carries what is needed to reproduce the decision: the request digest, outcome, reasons, quota and
 * reservation numbers, the charge, the policy bundle digest and the approvers.
 */
public final class DecisionEncoding {
  public static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private DecisionEncoding() {}

  public static String decisionId(String reviewUid, String workloadKey) {
    return UUID.nameUUIDFromBytes((reviewUid + "|" + workloadKey).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** SHA-256 (hex) of the request's canonical form. */
  public static String requestDigest(GpuRequest request) {
    return sha256(bytes(request(request)));
  }

  public static byte[] admission(
      String decisionId, GpuRequest request, Decision decision, ReviewContext ctx, Instant at) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    root.put("type", "admission");
    root.put("decisionId", decisionId);
    root.put("at", at.toString());
    root.put("reviewUid", ctx.reviewUid());
    root.put("operation", ctx.operation());
    root.put("username", ctx.username());
    ObjectNode asked = request(request); // built once: hashed for the digest and embedded
    root.put("requestDigest", sha256(bytes(asked)));
    root.set("request", asked);
    root.put("outcome", decision.outcome());
    root.set("reasons", reasons(decision.reasons()));
    root.set("warnings", reasons(decision.warnings()));
    root.set("basis", basis(decision.basis()));
    switch (decision) {
      case Admitted a -> root.set("charge", charge(a.charge()));
      case NeedsApproval n -> {
        root.set("charge", charge(n.charge()));
        ArrayNode approvers = root.putArray("approvers");
        n.ticket().approvers().forEach(u -> approvers.add(u.value()));
        root.put("approvalsNeeded", n.ticket().approvalsNeeded());
      }
      case Denied d -> {
        ArrayNode pass = root.putArray("wouldPass");
        d.wouldPass().forEach(s -> pass.add(s.message()));
      }
    }
    return bytes(root);
  }

  public static byte[] release(String decisionId, Charge released, ReviewContext ctx, Instant at) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    root.put("type", "release");
    root.put("decisionId", decisionId);
    root.put("at", at.toString());
    root.put("reviewUid", ctx.reviewUid());
    root.put("username", ctx.username());
    root.set("charge", charge(released));
    return bytes(root);
  }

  private static ObjectNode request(GpuRequest r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", r.workload().kind());
    n.put("namespace", r.workload().namespace());
    n.put("name", r.workload().name());
    n.put("key", r.workload().uid());
    n.put("class", r.explicitClass().map(c -> c.label()).orElse(""));
    ArrayNode sets = n.putArray("podSets");
    for (PodSet s : r.podSets()) {
      sets.addObject()
          .put("name", s.name())
          .put("count", s.count())
          .put("perPod", s.perPod().toString());
    }
    n.put("maxRuntime", r.maxRuntime().map(Object::toString).orElse(""));
    n.put("checkpointing", r.checkpointing());
    n.put("preemptible", r.preemptible());
    return n;
  }

  private static ObjectNode basis(DecisionBasis b) {
    ObjectNode n = JSON.createObjectNode();
    n.put("policyDigest", b.policyDigest());
    n.put("class", b.workloadClass().map(c -> c.label()).orElse(""));
    n.put("requested", b.requested().toString());
    b.quota()
        .ifPresent(q -> {
          ObjectNode quota = n.putObject("quota");
          quota
              .put("team", q.team().value())
              .put("pool", q.pool().value())
              .put("guaranteed", q.guaranteed().toString())
              .put("guaranteedUsed", q.guaranteedUsed().toString())
              .put("borrowed", q.borrowed().toString())
              .put("borrowable", q.borrowable().toString())
              .put("departmentUsed", q.departmentUsed().toString())
              .put("poolCapacity", q.poolCapacity().toString())
              .put("poolUsed", q.poolUsed().toString());
        });
    ArrayNode res = n.putArray("reservations");
    b.reservations()
        .forEach(r ->
            res.addObject()
                .put("id", r.reservation().value())
                .put("size", r.size().toString())
                .put("drawn", r.drawn().toString())
                .put("lent", r.lent().toString())
                .put("idle", r.idle().toString()));
    return n;
  }

  /** Every field of the charge, so that replaying the ledger rebuilds it exactly. */
  public static ObjectNode charge(Charge c) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("kind", c.workload().kind())
            .put("namespace", c.workload().namespace())
            .put("name", c.workload().name())
            .put("key", c.workload().uid())
            .put("team", c.team().value())
            .put("pool", c.pool().value())
            .put("class", c.workloadClass().label())
            .put("sharing", c.sharing().label())
            .put("total", c.total().toString())
            .put("guaranteed", c.guaranteedPart().toString())
            .put("borrowed", c.borrowed().toString())
            .put("approvedExcess", c.approvedExcess().toString());
    ArrayNode draws = n.putArray("reservationDraws");
    c.reservationDraws()
        .forEach(d ->
            draws
                .addObject()
                .put("reservation", d.reservation().value())
                .put("amount", d.amount().toString())
                .put("lent", d.lent()));
    return n.put("preemptible", c.preemptible())
        .put("gpuHours", c.gpuHours())
        .put("admittedAt", c.admittedAt().toString());
  }

  private static ArrayNode reasons(List<Reason> reasons) {
    ArrayNode a = JSON.createArrayNode();
    reasons.forEach(r -> a.addObject().put("code", r.code().code()).put("message", r.message()));
    return a;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
