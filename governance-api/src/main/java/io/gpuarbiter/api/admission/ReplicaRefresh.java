package io.gpuarbiter.api.admission;

import io.gpuarbiter.admission.Arbiter;
import io.gpuarbiter.admission.LiveArbiter;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this replica's snapshot current with the charges other replicas commit, for previews, the
 * scheduler objects and reports between decisions. Decisions never depend on it: each decision step
 * catches up inside its own transaction.
 */
@Singleton
class ReplicaRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaRefresh.class);
  private final LiveArbiter arbiter;

  ReplicaRefresh(LiveArbiter arbiter) {
    this.arbiter = arbiter;
  }

  @Scheduled(
      fixedDelay = "${arbiter.replicas.refresh-interval:1s}",
      initialDelay = "${arbiter.replicas.refresh-interval:1s}")
  void refresh() {
    try {
      arbiter.refresh();
    } catch (Arbiter.Unavailable e) {
      // the database gate reports the outage; the next round tries again
      LOG.debug("charges not refreshed: {}", e.getMessage());
    }
  }
}
