package io.gpuarbiter.ledger.sequencer;

import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.checkpoint.NoteSigner;
import io.gpuarbiter.ledger.storage.TreeStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Integrates queued entries into the tree and signs checkpoints.
 *
 * <p>Every {@code interval} (default 500 ms) the sequencer tries to lead; the leader integrates
 * every queued entry in batches of at most {@code maxBatch}, each batch in one transaction that
 * also signs a checkpoint of the new size. Ticks run at a fixed rate, so while entries arrive a
 * checkpoint is signed about every interval (500 ms by default, at most 1 s); when nothing arrives,
 * nothing is signed. Non-leaders only append; they take over within one interval of the leader's
 * connection dying.
 */
public final class Sequencer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Sequencer.class.getName());

  private final TreeStore tree;
  private final SequencerLock lock;
  private final NoteSigner signer;
  private final String origin;
  private final Clock clock;
  private final Duration interval;
  private final int maxBatch;
  private ScheduledExecutorService executor;

  public Sequencer(
      TreeStore tree,
      SequencerLock lock,
      NoteSigner signer,
      String origin,
      Clock clock,
      Duration interval,
      int maxBatch) {
    this.tree = tree;
    this.lock = lock;
    this.signer = signer;
    this.origin = origin;
    this.clock = clock;
    this.interval = interval;
    this.maxBatch = maxBatch;
  }

  /** Starts the periodic loop on a daemon thread. Idempotent. */
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "ledger-sequencer");
          t.setDaemon(true);
          return t;
        });
    // Fixed rate, not fixed delay: a slow integration must not push the next checkpoint further
    // out.
    executor.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the loop, waits for a running integration to finish, and gives up leadership. */
  public synchronized void stop() {
    if (executor == null) {
      // runOnce() may have taken leadership without the loop: give it up all the same.
      lock.release();
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor = null;
    lock.release();
  }

  @Override
  public void close() {
    stop();
  }

  private void tick() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // Keep the loop alive: the next tick retries; the transaction rolled back, nothing is half
      // done.
      LOG.log(Level.WARNING, "ledger integration failed; retrying next interval", e);
    }
  }

  /**
   * One round: if this instance leads, integrates everything queued now. Returns the number of
   * entries integrated, or -1 if another instance leads.
   */
  public long runOnce() {
    if (!lock.tryAcquire()) {
      return -1;
    }
    long total = 0;
    while (true) {
      TreeStore.Integration done;
      try {
        done = tree.integrate(maxBatch, origin, signer::sign, clock.instant());
      } catch (org.jooq.exception.DataAccessException e) {
        throw new LedgerStorageException("integration failed", e);
      }
      total += done.integrated();
      if (done.integrated() < maxBatch) {
        return total;
      }
    }
  }
}
