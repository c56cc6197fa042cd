package io.gpuarbiter.handoff.release;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Releases a charge after a DELETE review only once the API server no longer has the object. The
 * review comes before the deletion (which another webhook may refuse, or finalizers delay), and a
 * review alone is no proof: anyone who reaches the webhook could send one. So each reviewed key is
 * looked up with a growing delay until the object is gone, then released; an object still there
 * after {@link #MAX_ATTEMPTS} looks is left to the watcher and the periodic reconcile.
 */
public final class DeletionConfirmer implements AutoCloseable {
  /** Looks per reviewed key: about 9 minutes with the default delays. */
  static final int MAX_ATTEMPTS = 24;

  private static final System.Logger LOG = System.getLogger(DeletionConfirmer.class.getName());

  private final KubernetesClient client;
  private final ChargeRelease charges;
  private final ChargedKinds kinds;
  private final Duration firstDelay;
  private final Duration maxDelay;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("deletion-confirmer").unstarted(r));

  public DeletionConfirmer(
      KubernetesClient client,
      ChargeRelease charges,
      ChargedKinds kinds,
      Duration firstDelay,
      Duration maxDelay) {
    this.client = Objects.requireNonNull(client, "client");
    this.charges = Objects.requireNonNull(charges, "charges");
    this.kinds = Objects.requireNonNull(kinds, "kinds");
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
  }

  /** The defaults: first look after 200 ms, then doubling up to 30 s. */
  public DeletionConfirmer(KubernetesClient client, ChargeRelease charges, ChargedKinds kinds) {
    this(client, charges, kinds, Duration.ofMillis(200), Duration.ofSeconds(30));
  }

  /** A DELETE of {@code workloadKey} was reviewed: release its charge once the object is gone. */
  public void deleteReviewed(String workloadKey) {
    schedule(workloadKey, 0);
  }

  private void schedule(String key, int attempt) {
    long delay = Math.min(maxDelay.toMillis(), firstDelay.toMillis() << Math.min(attempt, 20));
    try {
      timer.schedule(() -> look(key, attempt), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // Shutting down: the reconcile at the next start settles the key.
    }
  }

  private void look(String key, int attempt) {
    if (!charges.charged().containsKey(key)) {
      return; // released meanwhile (the watcher saw it go), or never charged
    }
    Optional<ChargedKinds.Located> at = kinds.locate(key);
    if (at.isEmpty()) {
      LOG.log(Level.WARNING, "cannot confirm the deletion of {0}: unknown kind", key);
      return;
    }
    try {
      GenericKubernetesResource live = at.get().get(client);
      if (live == null) {
        charges.release(key, "deleted: the API server no longer has it");
        LOG.log(Level.INFO, "released {0}: deletion confirmed", key);
        return;
      }
    } catch (KubernetesClientException e) {
      LOG.log(Level.WARNING, "deletion check of {0} failed ({1}); retrying", key, e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "deletion check of " + key + " failed", e);
    }
    if (attempt + 1 < MAX_ATTEMPTS) {
      schedule(key, attempt + 1);
    } else {
      LOG.log(Level.INFO, "{0} still exists after its DELETE review; left to the watcher", key);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
