package io.gpuarbiter.api.admission;

import io.gpuarbiter.admission.arbiter.DecisionLog;
import io.gpuarbiter.admission.arbiter.DecisionRecord;
import io.gpuarbiter.ledger.AppendReceipt;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decisions go to the verifiable ledger: {@link Ledger#append} returns once the entry is durable
 * (fsynced), which is what lets the webhook answer.
 *
 * <p>When the database fails, the log says so at once instead of letting every review wait for its
 * own connection timeout: after a failed append, appends are refused immediately (the webhook
 * denies with 503), and a background probe asks the database every {@link #PROBE_EVERY} until it
 * answers, which opens the way again. No review pays for the probing.
 */
@Singleton
public class LedgerDecisionLog implements DecisionLog {
  static final Duration PROBE_EVERY = Duration.ofMillis(200);
  private static final Logger LOG = LoggerFactory.getLogger(LedgerDecisionLog.class);

  private final Ledger ledger;
  private final Clock clock;
  private final AtomicReference<Outage> outage = new AtomicReference<>();
  private final ScheduledExecutorService prober =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("ledger-outage-probe").unstarted(r));

  @Inject
  LedgerDecisionLog(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public Position append(DecisionRecord record) throws DecisionLogUnavailable {
    Outage down = outage.get();
    if (down != null) {
      throw new DecisionLogUnavailable(
          "the database has been unreachable since " + down.since() + ": " + down.why(), null);
    }
    try {
      return write(record);
    } catch (LedgerStorageException e) {
      Outage started = new Outage(clock.instant(), e.getMessage());
      if (outage.compareAndSet(null, started)) {
        LOG.warn(
            "ledger writes failing, refusing appends until the database answers: {}",
            e.getMessage());
        prober.schedule(this::probe, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      }
      throw new DecisionLogUnavailable(e.getMessage(), e);
    }
  }

  /** Asks the database; on an answer the outage ends, otherwise asks again later. */
  private void probe() {
    try {
      ledger.entryStore().pendingCount();
      Outage ended = outage.getAndSet(null);
      LOG.info("database answers again; ledger writes resume (down since {})", ended.since());
    } catch (RuntimeException e) {
      prober.schedule(this::probe, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  void close() {
    prober.shutdownNow();
  }

  private Position write(DecisionRecord record) {
    AppendReceipt receipt =
        ledger.append(
            new EntryDraft(
                record.kind(),
                record.recordedAt(),
                blankToNull(record.team()),
                blankToNull(record.namespace()),
                record.outcome(),
                record.decisionId(), // the subject: GET /api/v1/ledger/decisions/{id} finds it
                record.canonicalBody()));
    // The sequencer numbers entries in batches, after this returns: asking for the seq now
    // would cost a query per review and almost always answer "not yet".
    return new Position(receipt.queueId(), OptionalLong.empty());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Since when appends fail, and why the first one failed. */
  private record Outage(Instant since, String why) {}
}
