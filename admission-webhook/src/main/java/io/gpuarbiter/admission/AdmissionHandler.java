package io.gpuarbiter.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.decode.DecodedWorkload;
import io.gpuarbiter.admission.decode.TrainingRuntimes;
import io.gpuarbiter.admission.decode.WorkloadDecoder;
import io.gpuarbiter.admission.mutate.FinalState;
import io.gpuarbiter.admission.mutate.HandOffPatch;
import io.gpuarbiter.admission.mutate.KueueIntegrations;
import io.gpuarbiter.admission.owners.ControllerChildren;
import io.gpuarbiter.admission.owners.Lineage;
import io.gpuarbiter.admission.review.AdmissionReviews;
import io.gpuarbiter.admission.review.BadReview;
import io.gpuarbiter.admission.review.ReviewRequest;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.Denied;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.decision.Placement;
import io.gpuarbiter.arbitration.decision.SchedulerHandOff;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook, transport-thin (Gatekeeper-style): AdmissionReview → decoder → GpuRequest → {@link
 * Arbiter} → AdmissionResponse. The mutating call previews the decision and patches the hand-off;
 * the validating call decides for real on the final object, charges and records.
 */
public final class AdmissionHandler {
  /** Default body limit (kube-apiserver's own request limit is 3 MiB). */
  public static final int DEFAULT_MAX_BYTES = 3 * 1024 * 1024;

  public static final String AUDIT_DECISION = "gpu-arbiter.io/decision-id";
  public static final String AUDIT_LEDGER_SEQ = "gpu-arbiter.io/ledger-seq";
  public static final String AUDIT_OUTCOME = "gpu-arbiter.io/outcome";
  public static final String AUDIT_COVERED_BY = "gpu-arbiter.io/covered-by";

  /** The two registered endpoints. */
  public enum Endpoint {
    MUTATE,
    VALIDATE
  }

  private final Arbiter arbiter;
  private final ClaimTemplates claims;
  private final TrainingRuntimes runtimes = new TrainingRuntimes();
  private final WorkloadDecoder decoder;
  private final int maxBytes;
  private final DeleteReviews deletes;
  private final ControllerChildren children;

  /**
   * A handler without a cluster: DELETE reviews release charges at once, and only workloads
   * admitted by this process cover the objects their controllers create.
   */
  public AdmissionHandler(Arbiter arbiter, ClaimTemplates claims, int maxBytes) {
    this(arbiter, claims, maxBytes, DeleteReviews.releaseAtOnce(arbiter), Lineage.NONE);
  }

  /**
   * @param deletes what a DELETE review does with the charge
   * @param lineage the cluster, to follow owner references through objects not seen here
   */
  public AdmissionHandler(
      Arbiter arbiter,
      ClaimTemplates claims,
      int maxBytes,
      DeleteReviews deletes,
      Lineage lineage) {
    this.arbiter = arbiter;
    this.claims = claims;
    this.decoder = new WorkloadDecoder(claims, runtimes);
    this.maxBytes = maxBytes;
    this.deletes = deletes;
    this.children = new ControllerChildren(arbiter::charged, lineage);
  }

  public HttpAnswer handle(Endpoint endpoint, byte[] body) {
    ReviewRequest review;
    try {
      review = AdmissionReviews.parse(body, maxBytes);
    } catch (BadReview e) {
      return HttpAnswer.problem(e.status(), e.getMessage());
    }
    AdmissionResponse response;
    try {
      response = answer(endpoint, review);
    } catch (Arbiter.UidReused e) {
      response = deny(review, 400, e.getMessage(), List.of(), Map.of(AUDIT_OUTCOME, "refused"));
    } catch (Arbiter.Unavailable e) {
      // Fail closed on validation; the mutating webhook is registered to fail open anyway.
      response =
          new AdmissionResponseBuilder()
              .withUid(review.uid())
              .withAllowed(endpoint == Endpoint.MUTATE)
              .withStatus(
                  new StatusBuilder()
                      .withCode(503)
                      .withMessage(
                          "GPU Arbiter cannot record decisions right now: " + e.getMessage())
                      .build())
              .build();
    }
    return HttpAnswer.json(AdmissionReviews.write(response));
  }

  private AdmissionResponse answer(Endpoint endpoint, ReviewRequest review) {
    ReviewContext ctx = new ReviewContext(review.uid(), review.operation(), review.username());
    if (isClaim(review.kind()) || TrainingRuntimes.isRuntime(review.kind())) {
      if (endpoint == Endpoint.VALIDATE && !review.dryRun()) {
        learn(review);
      }
      return allow(review).build();
    }
    if (review.operation().equals("DELETE")) {
      if (endpoint == Endpoint.VALIDATE && !review.dryRun()) {
        deletes.reviewed(review.workloadKey(), ctx);
      }
      return allow(review).build();
    }
    if (review.object().isEmpty()) {
      return allow(review).build(); // CONNECT: nothing to arbitrate
    }
    JsonNode object = review.object().get();
    DecodedWorkload decoded =
        decoder.decode(
            review.kind(), review.namespace(), review.workloadKey(), review.username(), object);
    if (decoded instanceof DecodedWorkload.Gpu) {
      Optional<String> ancestor = children.coveringAncestor(review.namespace(), object);
      if (ancestor.isPresent()) {
        return covered(endpoint, review, object, ancestor.get());
      }
    }
    return switch (decoded) {
      case DecodedWorkload.NotGpu notGpu -> allow(review).build();
      case DecodedWorkload.Malformed m -> malformed(endpoint, review, m.message());
      case DecodedWorkload.Undecodable u -> undecodable(endpoint, review, u.message());
      case DecodedWorkload.Gpu gpu -> {
        String apiVersion =
            review.group().isEmpty() ? review.version() : review.group() + "/" + review.version();
        ReviewContext seen = ctx.seeing(gpu.images(), apiVersion);
        yield endpoint == Endpoint.MUTATE
            ? mutate(review, object, gpu, seen)
            : validate(review, object, gpu, seen);
      }
    };
  }

  private AdmissionResponse mutate(
      ReviewRequest review, JsonNode object, DecodedWorkload.Gpu gpu, ReviewContext ctx) {
    Decision decision = arbiter.preview(gpu.request(), ctx);
    AdmissionResponseBuilder out = allow(review).withWarnings(DecisionText.warnings(decision));
    ArrayNode patch = null;
    if (decision instanceof Admitted a) {
      patch = HandOffPatch.of(object, gpu.templates(), gpu.gpuTemplates(), a.placement(), false);
    } else if (decision instanceof NeedsApproval n && gateHolds(review, n.placement())) {
      patch = HandOffPatch.of(object, gpu.templates(), gpu.gpuTemplates(), n.placement(), true);
    }
    if (patch != null && !patch.isEmpty()) {
      byte[] json = patch.toString().getBytes(StandardCharsets.UTF_8);
      out.withPatchType("JSONPatch").withPatch(Base64.getEncoder().encodeToString(json));
    }
    return out.build();
  }

  private AdmissionResponse validate(
      ReviewRequest review, JsonNode object, DecodedWorkload.Gpu gpu, ReviewContext ctx) {
    Decision decision;
    Map<String, String> audit = new LinkedHashMap<>();
    Arbiter.PlacementCheck finalState =
        placement ->
            FinalState.disagreements(object, gpu.templates(), gpu.gpuTemplates(), placement);
    if (review.dryRun()) {
      // sideEffects: NoneOnDryRun
      decision = PlacementConflicts.checked(arbiter.preview(gpu.request(), ctx), finalState);
    } else {
      // Only a recorded decision is remembered by uid, so only it needs the review's fingerprint.
      Arbitrated recorded =
          arbiter.arbitrate(gpu.request(), ctx.withFingerprint(review.fingerprint()), finalState);
      decision = recorded.decision();
      // The decision id resolves to its entry (GET /api/v1/ledger/decisions/{id}); the queue id
      // the append returned is internal and is not an entry's sequence number.
      audit.put(AUDIT_DECISION, recorded.decisionId());
      recorded.ledgerSeq().ifPresent(seq -> audit.put(AUDIT_LEDGER_SEQ, Long.toString(seq)));
    }
    audit.put(AUDIT_OUTCOME, decision.outcome());
    List<String> warnings = new ArrayList<>(DecisionText.warnings(decision));
    var workload = gpu.request().workload();
    return switch (decision) {
      case Denied d -> deny(review, 403, DecisionText.denial(workload, d), warnings, audit);
      case NeedsApproval n -> {
        if (gateHolds(review, n.placement()) && gated(object)) {
          warnings.add(
              "held by Kueue until approved: " + DecisionText.pendingApproval(workload, n));
          yield allow(review).withWarnings(warnings).withAuditAnnotations(audit).build();
        }
        yield deny(review, 403, DecisionText.pendingApproval(workload, n), warnings, audit);
      }
      case Admitted a -> {
        if (!review.dryRun()) {
          children.admitted(review.workloadKey(), object);
        }
        yield allow(review).withWarnings(warnings).withAuditAnnotations(audit).build();
      }
    };
  }

  /**
   * Created by the controller of a charged workload: allowed, with no decision, charge or patch of
   * its own (its template already carries the hand-off); the audit annotations name the workload.
   */
  private AdmissionResponse covered(
      Endpoint endpoint, ReviewRequest review, JsonNode object, String ancestor) {
    if (endpoint == Endpoint.VALIDATE && !review.dryRun()) {
      children.covered(object, ancestor);
    }
    return allow(review)
        .withAuditAnnotations(Map.of(AUDIT_OUTCOME, "covered", AUDIT_COVERED_BY, ancestor))
        .build();
  }

  /** Governance is never bypassed by kind: what cannot be sized is denied, with what to do. */
  private AdmissionResponse undecodable(Endpoint endpoint, ReviewRequest review, String message) {
    String text =
        "GPU Arbiter denied "
            + review.kind()
            + " "
            + review.namespace()
            + "/"
            + review.name()
            + ": "
            + message;
    if (endpoint == Endpoint.MUTATE) {
      return allow(review).withWarnings(List.of(text)).build(); // validation denies it
    }
    return deny(review, 403, text, List.of(), Map.of(AUDIT_OUTCOME, "undecodable"));
  }

  private AdmissionResponse malformed(Endpoint endpoint, ReviewRequest review, String message) {
    String text = DecisionText.malformed(review.kind(), message);
    if (endpoint == Endpoint.MUTATE) {
      return allow(review).withWarnings(List.of(text)).build(); // validation denies it
    }
    return deny(review, 400, text, List.of(), Map.of(AUDIT_OUTCOME, "malformed"));
  }

  /** Claim templates and Trainer runtimes size the workloads that name them: remember them. */
  private void learn(ReviewRequest review) {
    boolean claim = isClaim(review.kind());
    if (review.operation().equals("DELETE")) {
      if (claim) {
        claims.forget(review.kind(), review.namespace(), review.name());
      } else {
        runtimes.forget(review.kind(), review.namespace(), review.name());
      }
      return;
    }
    review
        .object()
        .ifPresent(o -> {
          if (claim) {
            claims.record(review.kind(), review.namespace(), review.name(), o);
          } else {
            runtimes.record(review.kind(), review.namespace(), review.name(), o);
          }
        });
  }

  private static boolean isClaim(String kind) {
    return kind.equals("ResourceClaimTemplate") || kind.equals("ResourceClaim");
  }

  /**
   * Kueue holds the workload behind the approval gate: its pool hands off to Kueue, and Kueue
   * manages the kind (creates its Workload); otherwise a gate would be read by nobody.
   */
  private static boolean gateHolds(ReviewRequest review, Placement placement) {
    return placement.scheduler() instanceof SchedulerHandOff.Kueue
        && KueueIntegrations.honoursGate(review.group(), review.kind());
  }

  private static boolean gated(JsonNode object) {
    return HandOffPatch.APPROVAL_GATE.equals(
        object.path("metadata").path("annotations").path(HandOffPatch.KUEUE_GATE).asText(""));
  }

  private static AdmissionResponseBuilder allow(ReviewRequest review) {
    return new AdmissionResponseBuilder().withUid(review.uid()).withAllowed(true);
  }

  private static AdmissionResponse deny(
      ReviewRequest review,
      int code,
      String message,
      List<String> warnings,
      Map<String, String> audit) {
    return new AdmissionResponseBuilder()
        .withUid(review.uid())
        .withAllowed(false)
        .withStatus(new StatusBuilder().withCode(code).withMessage(message).build())
        .withWarnings(warnings.isEmpty() ? null : warnings)
        .withAuditAnnotations(audit.isEmpty() ? null : audit)
        .build();
  }
}
