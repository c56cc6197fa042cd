package io.gpuarbiter.handoff.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Kueue admission-check controller for {@value #CONTROLLER_NAME}: for every Workload whose {@code
 * status.admissionChecks} holds a check whose AdmissionCheck names this controller, writes the
 * {@link ApprovalStatus} verdict for the Workload's owner into that check through the status
 * subresource, only when something changes. {@link #start()} watches Workloads (informer) and
 * re-reconciles every resync period; {@link #reconcileAll()} is one full pass.
 */
public final class ApprovalCheckController implements AutoCloseable {
  public static final String CONTROLLER_NAME = "gpu-arbiter.io/approval";
  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(5);

  static final ResourceDefinitionContext WORKLOADS = kueue("Workload", "workloads", true);
  static final ResourceDefinitionContext ADMISSION_CHECKS =
      kueue("AdmissionCheck", "admissionchecks", false);

  private static final System.Logger LOG =
      System.getLogger(ApprovalCheckController.class.getName());

  private final KubernetesClient client;
  private final ApprovalStatus approvals;
  private final Clock clock;
  private final Duration resync;

  /** AdmissionCheck name → whether it is ours; cleared on every full pass. */
  private final Map<String, Boolean> ours = new ConcurrentHashMap<>();

  private SharedIndexInformer<GenericKubernetesResource> informer;
  private ScheduledExecutorService resyncer;

  public ApprovalCheckController(
      KubernetesClient client, ApprovalStatus approvals, Clock clock, Duration resync) {
    this.client = Objects.requireNonNull(client, "client");
    this.approvals = Objects.requireNonNull(approvals, "approvals");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (resync.isNegative() || resync.isZero()) {
      throw new IllegalArgumentException("resync must be positive: " + resync);
    }
    this.resync = resync;
  }

  public ApprovalCheckController(KubernetesClient client, ApprovalStatus approvals) {
    this(client, approvals, Clock.systemUTC(), DEFAULT_RESYNC);
  }

  /**
   * Marks every AdmissionCheck of this controller active, then lists every Workload and reconciles
   * it; returns how many Workloads were updated.
   */
  public synchronized int reconcileAll() {
    ours.clear();
    activateChecks();
    int updated = 0;
    for (GenericKubernetesResource workload :
        client.genericKubernetesResources(WORKLOADS).inAnyNamespace().list().getItems()) {
      if (reconcile(workload)) {
        updated++;
      }
    }
    return updated;
  }

  /**
   * Brings this controller's checks on one Workload to the current verdict. Returns whether the
   * status was written; a conflicting concurrent write is left to the next event or resync.
   */
  public synchronized boolean reconcile(GenericKubernetesResource workload) {
    Optional<GenericKubernetesResource> changed = desired(workload);
    if (changed.isEmpty()) {
      return false;
    }
    GenericKubernetesResource want = changed.get();
    try {
      client
          .genericKubernetesResources(WORKLOADS)
          .inNamespace(want.getMetadata().getNamespace())
          .resource(want)
          .updateStatus();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) {
        throw e;
      }
      LOG.log(Level.DEBUG, "workload {0} changed meanwhile ({1})", name(want), e.getCode());
      return false;
    }
  }

  /** A copy of the Workload with the verdict written in, when that changes anything. */
  private Optional<GenericKubernetesResource> desired(GenericKubernetesResource workload) {
    if (Workloads.finished(workload)) {
      return Optional.empty();
    }
    List<Map<String, Object>> checks = Workloads.admissionChecks(workload);
    if (checks.stream().noneMatch(this::isOurs)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Verdict verdict = approvals.verdictFor(WorkloadKeys.ownerKey(workload), now);
    GenericKubernetesResource copy = client.getKubernetesSerialization().clone(workload);
    boolean changed = false;
    for (Map<String, Object> check : Workloads.admissionChecks(copy)) {
      if (isOurs(check)) {
        changed |= CheckStates.apply(check, verdict, now);
      }
    }
    return changed ? Optional.of(copy) : Optional.empty();
  }

  /**
   * Kueue treats a ClusterQueue whose AdmissionCheck is not {@code Active} as inactive and admits
   * nothing through it; the check's controller says it serves the check by setting that condition.
   */
  private void activateChecks() {
    for (GenericKubernetesResource check :
        client.genericKubernetesResources(ADMISSION_CHECKS).list().getItems()) {
      if (!(check.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)
          || !CONTROLLER_NAME.equals(spec.get("controllerName"))
          || CheckStates.active(check)) {
        continue;
      }
      GenericKubernetesResource copy = client.getKubernetesSerialization().clone(check);
      CheckStates.markActive(copy, clock.instant());
      try {
        client.genericKubernetesResources(ADMISSION_CHECKS).resource(copy).updateStatus();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 && e.getCode() != 404) {
          throw e;
        }
        LOG.log(
            Level.DEBUG, "admission check {0} changed meanwhile", check.getMetadata().getName());
      }
    }
  }

  private boolean isOurs(Map<String, Object> check) {
    if (!(check.get("name") instanceof String name)) {
      return false;
    }
    return ours.computeIfAbsent(name, this::namesThisController);
  }

  private boolean namesThisController(String admissionCheck) {
    GenericKubernetesResource check =
        client.genericKubernetesResources(ADMISSION_CHECKS).withName(admissionCheck).get();
    if (check == null || !(check.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)) {
      return false;
    }
    return CONTROLLER_NAME.equals(spec.get("controllerName"));
  }

  /**
   * Watches Workloads and reconciles each one on every add or change, and runs {@link
   * #reconcileAll()} every resync period (verdicts change with time and tickets, not only with
   * Workloads). Returns once the informer has listed the existing Workloads: true, or false when
   * the cluster has no Kueue Workload API (no Kueue, e.g. KAI only: there is nothing to check).
   */
  public synchronized boolean start() {
    if (informer != null) {
      throw new IllegalStateException("already started");
    }
    try {
      informer =
          client.genericKubernetesResources(WORKLOADS).inAnyNamespace().inform(new Handler(), 0);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      return false;
    }
    safeReconcileAll(); // the checks become active before the first Workload needs them
    resyncer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("approval-check-resync").unstarted(r));
    long period = resync.toMillis();
    resyncer.scheduleWithFixedDelay(this::safeReconcileAll, period, period, TimeUnit.MILLISECONDS);
    return true;
  }

  /** Stops watching and resyncing. */
  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
      informer = null;
    }
    if (resyncer != null) {
      resyncer.shutdownNow();
      resyncer = null;
    }
  }

  private void safeReconcileAll() {
    try {
      reconcileAll();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "approval check resync failed", e);
    }
  }

  private void safeReconcile(GenericKubernetesResource workload) {
    try {
      reconcile(workload);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "approval check for workload " + name(workload) + " failed", e);
    }
  }

  private static String name(GenericKubernetesResource workload) {
    return workload.getMetadata().getNamespace() + "/" + workload.getMetadata().getName();
  }

  private static ResourceDefinitionContext kueue(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(WorkloadKeys.KUEUE_GROUP)
        .withVersion("v1beta2")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource workload) {
      safeReconcile(workload);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      safeReconcile(after);
    }

    @Override
    public void onDelete(GenericKubernetesResource workload, boolean finalStateUnknown) {
      // Nothing to write on a deleted Workload; the release path handles its charge.
    }
  }
}
