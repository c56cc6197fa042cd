package io.gpuarbiter.api.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gpuarbiter.admission.DeleteReviews;
import io.gpuarbiter.admission.LiveArbiter;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.api.replicas.Leadership;
import io.gpuarbiter.api.requests.RequestStore;
import io.gpuarbiter.arbitration.approval.GovernanceRequest;
import io.gpuarbiter.arbitration.approval.RequestKind;
import io.gpuarbiter.arbitration.approval.RequestState;
import io.gpuarbiter.handoff.SchedulerObjects;
import io.gpuarbiter.handoff.check.ApprovalCheckController;
import io.gpuarbiter.handoff.check.Verdict;
import io.gpuarbiter.handoff.inventory.ClusterInventory;
import io.gpuarbiter.handoff.model.ApprovedExcess;
import io.gpuarbiter.handoff.model.Target;
import io.gpuarbiter.handoff.release.ChargeRelease;
import io.gpuarbiter.handoff.release.ChargedKinds;
import io.gpuarbiter.handoff.release.DeletionConfirmer;
import io.gpuarbiter.handoff.release.ReleaseWatcher;
import io.gpuarbiter.handoff.sync.SchedulerSync;
import io.gpuarbiter.handoff.sync.SyncEvent;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs against the cluster when one is connected: the Kueue admission check for approvals, the
 * release of charges when workloads finish or vanish (reconciled at start), and the sync of the
 * Kueue/KAI objects the model compiles to (at start, periodically, after approvals via the next
 * run) with drift reported in logs, metrics and the ledger.
 */
@Context
@Requires(property = "arbiter.kubernetes.enabled", value = "true")
public class ClusterControllers implements ChargeRelease, DeleteReviews {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterControllers.class);

  private final LiveArbiter arbiter;
  private final RequestStore requests;
  private final Ledger ledger;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final SchedulerSync sync;
  private final ApprovalCheckController checks;
  private final ReleaseWatcher releases;
  private final DeletionConfirmer deletions;
  private final Duration orphanGrace;
  private final boolean requireCheck;
  private volatile BooleanSupplier leading = () -> true;

  /** Which replica runs the periodic jobs (setter-injected: the constructor is at its limit). */
  @Inject
  void leadBy(Leadership leadership) {
    this.leading = leadership;
  }

  /**
   * @param approvalCheck whether the ClusterQueues require the {@code gpu-arbiter.io/approval}
   *     AdmissionCheck (when Kueue is installed; its controller runs here)
   * @param orphanGrace how long a charge whose object is not in the cluster is kept: longer than
   *     the API server's webhook timeout (at most 30 s) plus the write of the object, so only
   *     admissions whose answer never reached the API server (or whose create failed later) are
   *     released as orphans
   */
  ClusterControllers(
      KubernetesClient client,
      LiveArbiter arbiter,
      RequestStore requests,
      Ledger ledger,
      Clock clock,
      MeterRegistry metrics,
      @Value("${arbiter.kubernetes.orphan-grace:2m}") Duration orphanGrace,
      @Value("${arbiter.kubernetes.approval-check:true}") boolean approvalCheck) {
    this.arbiter = arbiter;
    this.requests = requests;
    this.ledger = ledger;
    this.clock = clock;
    this.metrics = metrics;
    this.orphanGrace = orphanGrace;
    this.sync = new SchedulerSync(client, this::onSyncEvent);
    this.checks = new ApprovalCheckController(client, this::verdictFor);
    ChargedKinds kinds = ChargedKinds.withDefaults(List.of());
    this.releases = new ReleaseWatcher(client, this, kinds);
    this.deletions = new DeletionConfirmer(client, this, kinds);
    reportInventory(client);
    boolean served = checks.start();
    if (!served) {
      LOG.warn(
          "no Kueue Workload API in the cluster: the {} admission check is not served (restart"
              + " after installing Kueue)",
          "gpu-arbiter.io/approval");
    }
    // Kueue then admits no Workload of the model's ClusterQueues without GPU Arbiter's verdict,
    // even one that reached the cluster without passing the webhook.
    this.requireCheck = approvalCheck && served;
    syncNow();
    releases.start(clock.instant(), orphanGrace);
  }

  /**
   * A DELETE review releases nothing by itself in a cluster: the charge goes once the API server
   * confirms the object is gone (or the watcher sees it deleted).
   */
  @Override
  public void reviewed(String workloadKey, ReviewContext context) {
    deletions.deleteReviewed(workloadKey);
  }

  /** Charges of objects that are done, or gone past the grace period (orphans), are released. */
  @Scheduled(
      fixedDelay = "${arbiter.kubernetes.reconcile-interval:1m}",
      initialDelay = "${arbiter.kubernetes.reconcile-interval:1m}")
  void reconcileCharges() {
    if (!leading.getAsBoolean()) {
      return; // one replica reconciles (Leadership)
    }
    try {
      var report = releases.reconcile(clock.instant(), orphanGrace);
      if (!report.released().isEmpty()) {
        LOG.info("released by reconcile: {}", report.released());
        metrics.counter("arbiter.charges.reconciled").increment(report.released().size());
      }
    } catch (RuntimeException e) {
      LOG.warn("charge reconcile failed; next run retries: {}", e.getMessage());
    }
  }

  /** After an approval: the check of the workload and the objects of the model at once. */
  public void afterApproval() {
    checks.reconcileAll();
    syncNow();
  }

  /** The periodic sync repairs drift; one replica runs it (Leadership). */
  @Scheduled(fixedDelay = "5m", initialDelay = "5m")
  void syncPeriodically() {
    if (leading.getAsBoolean()) {
      syncNow();
    }
  }

  void syncNow() {
    try {
      var report =
          sync.sync(
              SchedulerObjects.render(
                  arbiter.snapshot().model(),
                  Target.ALL,
                  clock.instant(),
                  requireCheck,
                  approvedExcess(clock.instant())),
              Target.ALL);
      LOG.info(
          "scheduler objects synced: {} events, {} unchanged",
          report.events().size(),
          report.unchanged());
    } catch (RuntimeException e) {
      LOG.warn("scheduler object sync failed; next run retries: {}", e.getMessage());
    }
  }

  /**
   * The excess beyond quota that workload approvals in force grant, so that the scheduler's queues
   * can hold what GPU Arbiter approved. A ticket counts until it expires, also after its workload
   * ended (its grant could admit the workload again until then).
   */
  private List<ApprovedExcess> approvedExcess(Instant now) {
    return requests.inStates(List.of(RequestState.APPLIED.label())).stream()
        .filter(r -> r.draft().kind() == RequestKind.WORKLOAD_ADMISSION)
        .filter(r -> r.draft().until().map(now::isBefore).orElse(true))
        .filter(r -> !r.excess().isZero())
        .map(r -> new ApprovedExcess(r.draft().team(), r.draft().pool(), r.excess()))
        .toList();
  }

  /** The approval check of one workload, from its ticket. */
  Verdict verdictFor(String workloadKey, Instant now) {
    Optional<GovernanceRequest> ticket =
        requests.about(RequestKind.WORKLOAD_ADMISSION.label(), workloadKey).stream()
            .max(Comparator.comparing(GovernanceRequest::createdAt));
    if (ticket.isEmpty()) {
      return arbiter.snapshot().charge(workloadKey).isPresent()
          ? new Verdict.Ready("admitted within quota", List.of())
          : new Verdict.Pending("not reviewed by GPU Arbiter yet");
    }
    GovernanceRequest t = ticket.get();
    return switch (t.state()) {
      case APPLIED, APPROVED, PARTIALLY_APPROVED ->
          new Verdict.Ready(
              "approved: "
                  + t.approvals().stream()
                      .map(a -> a.approver().value())
                      .collect(Collectors.joining(", ")),
              List.of());
      case SUBMITTED, UNDER_REVIEW ->
          new Verdict.Pending(
              "waiting for " + t.route().map(r -> r.approvers().toString()).orElse("approvers"));
      case DENIED -> new Verdict.Rejected("denied: " + t.note().orElse("no reason given"));
      case EXPIRED, REVOKED -> new Verdict.Rejected(t.state().label() + ": " + t.note().orElse(""));
    };
  }

  @Override
  public void release(String workloadKey, String reason) {
    String uid =
        "release-"
            + UUID.nameUUIDFromBytes((workloadKey + reason).getBytes(StandardCharsets.UTF_8));
    arbiter.release(workloadKey, new ReviewContext(uid, "DELETE", "gpu-arbiter"));
  }

  @Override
  public Map<String, Instant> charged() {
    Map<String, Instant> out = new HashMap<>();
    arbiter.snapshot().charges().forEach(c -> out.put(c.workload().uid(), c.admittedAt()));
    return out;
  }

  private void onSyncEvent(SyncEvent event) {
    LOG.info("scheduler object {}", event.describe());
    metrics.counter("arbiter.scheduler.sync.events", "type", event.type().name()).increment();
    if (event.type() == SyncEvent.Type.DRIFT_RESTORED) {
      ledger.append(
          new EntryDraft(
              "scheduler-drift",
              clock.instant(),
              null,
              event.namespace(),
              "restored",
              event.describe().getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** GPU nodes against the model's pools: every mismatch is logged and counted. */
  private void reportInventory(KubernetesClient client) {
    try {
      var mismatches = new ClusterInventory(client).mismatches(arbiter.snapshot().model());
      mismatches.forEach(m -> LOG.warn("inventory: {}", m));
      metrics.gauge("arbiter.inventory.mismatches", mismatches.size());
    } catch (RuntimeException e) {
      LOG.warn("cluster inventory failed: {}", e.getMessage());
    }
  }

  @PreDestroy
  void close() {
    checks.close();
    deletions.close();
    releases.close();
  }
}
