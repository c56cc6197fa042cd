package io.gpuarbiter.api.replicas;

import io.gpuarbiter.arbiter.DecisionStore;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows of charges released longer ago than {@code arbiter.replicas.keep-released} (1 h)
 * on one replica ({@link Leadership}): every replica has long caught up on them, and a replica that
 * had not (down all that time) reloads every held charge instead. Keeps the charges table the size
 * of what is held, not of history.
 */
@Singleton
class ReleasedChargePruning {
  private static final Logger LOG = LoggerFactory.getLogger(ReleasedChargePruning.class);
  private final DecisionStore store;
  private final Leadership leadership;
  private final Clock clock;
  private final Duration keep;

  ReleasedChargePruning(
      DecisionStore store,
      Leadership leadership,
      Clock clock,
      @Value("${arbiter.replicas.keep-released:1h}") Duration keep) {
    this.store = store;
    this.leadership = leadership;
    this.clock = clock;
    this.keep = keep;
  }

  @Scheduled(
      fixedDelay = "${arbiter.replicas.prune-interval:10m}",
      initialDelay = "${arbiter.replicas.prune-interval:10m}")
  void prune() {
    if (!leadership.leading()) {
      return;
    }
    try {
      int deleted = store.pruneReleased(clock.instant().minus(keep));
      if (deleted > 0) {
        LOG.info("pruned {} released charge rows older than {}", deleted, keep);
      }
    } catch (DecisionStore.Unavailable e) {
      LOG.warn("released charges not pruned; next run retries: {}", e.getMessage());
    }
  }
}
