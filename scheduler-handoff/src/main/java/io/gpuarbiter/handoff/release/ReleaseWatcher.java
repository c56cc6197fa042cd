package io.gpuarbiter.handoff.release;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.gpuarbiter.handoff.check.WorkloadKeys;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Releases engine charges when their workloads end: watches Pods, batch/v1 Jobs and Kueue Workloads
 * and, when one completes or is deleted and its webhook key is charged, calls {@link
 * ChargeRelease#release}. {@link #reconcile} (run by {@link #start} first, and periodically by the
 * service) releases every charged key whose object is done, or gone for longer than a grace period:
 * so nothing stays charged across restarts, and neither does an admission whose answer never
 * reached the API server (it timed out, or the service died before answering), whose object
 * therefore never existed.
 */
public final class ReleaseWatcher implements AutoCloseable {
  static final ResourceDefinitionContext PODS = ChargedKinds.kind("", "v1", "Pod", "pods");
  static final ResourceDefinitionContext JOBS = ChargedKinds.kind("batch", "v1", "Job", "jobs");
  static final ResourceDefinitionContext WORKLOADS =
      ChargedKinds.kind(WorkloadKeys.KUEUE_GROUP, "v1beta2", "Workload", "workloads");

  private static final System.Logger LOG = System.getLogger(ReleaseWatcher.class.getName());

  private final KubernetesClient client;
  private final ChargeRelease charges;
  private final ChargedKinds kinds;
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

  /** {@code kinds} locates charged keys' objects for {@link #reconcile()}. */
  public ReleaseWatcher(KubernetesClient client, ChargeRelease charges, ChargedKinds kinds) {
    this.client = Objects.requireNonNull(client, "client");
    this.charges = Objects.requireNonNull(charges, "charges");
    this.kinds = Objects.requireNonNull(kinds, "kinds");
  }

  public ReleaseWatcher(KubernetesClient client, ChargeRelease charges) {
    this(client, charges, ChargedKinds.withDefaults(List.of()));
  }

  /**
   * For every charged key: releases it when its object has completed, or does not exist and was
   * admitted before {@code now - grace} (younger, its creation may still be on its way from the
   * webhook's answer to storage); leaves it when the object runs, and reports keys it cannot check.
   */
  public synchronized ReleaseReport reconcile(Instant now, Duration grace) {
    Map<String, String> released = new LinkedHashMap<>();
    List<String> unresolved = new ArrayList<>();
    Instant admittedBefore = now.minus(grace);
    for (Map.Entry<String, Instant> charge : List.copyOf(charges.charged().entrySet())) {
      String key = charge.getKey();
      Optional<ChargedKinds.Located> at = kinds.locate(key);
      if (at.isEmpty()) {
        unresolved.add(key);
        continue;
      }
      GenericKubernetesResource live = at.get().get(client);
      Optional<String> reason =
          live == null
              ? Optional.of("not in the cluster at reconcile")
                  .filter(r -> charge.getValue().isBefore(admittedBefore))
              : Completion.of(at.get().kind().getKind(), live);
      if (reason.isPresent()) {
        charges.release(key, reason.get());
        released.put(key, reason.get());
      }
    }
    if (!unresolved.isEmpty()) {
      LOG.log(Level.WARNING, "charged keys left unchecked: {0}", unresolved);
    }
    return new ReleaseReport(released, unresolved);
  }

  /**
   * Reconciles, then watches Pods, Jobs and (when Kueue is installed) Workloads. Returns once the
   * informers have listed the existing objects; already-completed ones are released then.
   */
  public synchronized void start(Instant now, Duration grace) {
    if (!informers.isEmpty()) {
      throw new IllegalStateException("already started");
    }
    reconcile(now, grace);
    informers.add(inform(PODS));
    informers.add(inform(JOBS));
    try {
      informers.add(inform(WORKLOADS));
    } catch (KubernetesClientException e) {
      LOG.log(Level.INFO, "not watching Kueue Workloads ({0})", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }

  private SharedIndexInformer<GenericKubernetesResource> inform(ResourceDefinitionContext kind) {
    return client.genericKubernetesResources(kind).inAnyNamespace().inform(new Handler(kind), 0);
  }

  /** A Pod or Job ended, or a Workload finished: release its (owner's) key if charged. */
  private void onDone(ResourceDefinitionContext kind, GenericKubernetesResource object) {
    Optional<String> done = Completion.of(kind.getKind(), object);
    if (done.isPresent()) {
      releaseIfCharged(key(kind, object), done.get());
    }
  }

  /** The webhook key: a Workload's owner's, otherwise the object's own. */
  private static String key(ResourceDefinitionContext kind, GenericKubernetesResource object) {
    if (kind == WORKLOADS) {
      return WorkloadKeys.ownerKey(object);
    }
    String apiVersion =
        kind.getGroup().isEmpty() ? kind.getVersion() : kind.getGroup() + "/" + kind.getVersion();
    var meta = object.getMetadata();
    return WorkloadKeys.key(apiVersion, kind.getKind(), meta.getNamespace(), meta.getName());
  }

  /**
   * Deleted: a Pod's or Job's key is released; a Workload's owner key only when the owner is gone
   * too (Kueue also deletes and recreates Workloads of a live job) or cannot be looked up.
   */
  private void onDeleted(ResourceDefinitionContext kind, GenericKubernetesResource object) {
    String key = key(kind, object);
    if (kind != WORKLOADS) {
      releaseIfCharged(key, kind.getKind() + " deleted");
      return;
    }
    Optional<ChargedKinds.Located> owner = kinds.locate(key);
    if (owner.isEmpty() || owner.get().get(client) == null) {
      releaseIfCharged(key, "Kueue Workload deleted");
    }
  }

  private synchronized void releaseIfCharged(String key, String reason) {
    if (charges.charged().containsKey(key)) {
      charges.release(key, reason);
      LOG.log(Level.INFO, "released {0}: {1}", key, reason);
    }
  }

  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    private final ResourceDefinitionContext kind;

    Handler(ResourceDefinitionContext kind) {
      this.kind = kind;
    }

    @Override
    public void onAdd(GenericKubernetesResource object) {
      guarded(() -> onDone(kind, object));
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      if (Completion.of(kind.getKind(), before).isEmpty()) {
        guarded(() -> onDone(kind, after));
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
      guarded(() -> onDeleted(kind, object));
    }

    private void guarded(Runnable action) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "release path failed", e);
      }
    }
  }
}
