package io.gpuarbiter.api.requests;

import io.gpuarbiter.api.replicas.Leadership;
import io.gpuarbiter.arbitration.approval.GovernanceRequest;
import io.gpuarbiter.ledger.EntryPage;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.StoredEntry;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a version of a governance request is written: its ledger entry first (durable when
 * the append returns), then the store. A crash between the two leaves the ledger ahead of the
 * store, never a state change the ledger does not show; {@link #rollForward} brings the store up to
 * the ledger before the service serves again.
 *
 * <p>Writes of one request are serialised (striped locks) and the stored version is checked under
 * the lock before the ledger is written, so a stale change is refused without reaching the ledger.
 * This assumes one replica per database (ARCHITECTURE.md): the locks are in this process.
 *
 * <p>Each entry's subject is the request id, so a request's history is found by the ledger's index.
 */
@Singleton
public class RequestJournal {
  private static final Logger LOG = LoggerFactory.getLogger(RequestJournal.class);

  /** The exit status of the test fault injection, as if killed with SIGKILL. */
  static final int HALT_STATUS = 137;

  private final RequestStore store;
  private final Ledger ledger;
  private final String haltAfterLedgerWrite;
  private final ReentrantLock[] stripes = new ReentrantLock[64];
  private final Map<String, GovernanceRequest> behind = new ConcurrentHashMap<>();
  private final Leadership leadership;
  private final Clock clock;

  /**
   * How old an entry must be before the running service moves the mark past it ({@code
   * arbiter.requests.settled}, 30 s): a version is written to the store milliseconds after its
   * ledger entry, so one this old is either stored or its writer died (and it is rolled forward
   * now).
   */
  private final Duration settled;

  /**
   * @param haltAfterLedgerWrite test fault injection ({@code ARBITER_TEST_HALT_AFTER_LEDGER_WRITE},
   *     passed on by the composition root): {@code <kind>:<state>}, e.g. {@code
   *     quota-change:approved}; the process halts after the ledger write of such a version and
   *     before its store write. Empty in production
   */
  RequestJournal(
      RequestStore store,
      Ledger ledger,
      Leadership leadership,
      Clock clock,
      @Value("${arbiter.requests.settled:30s}") Duration settled,
      @Value("${arbiter.test.halt-after-ledger-write:}") String haltAfterLedgerWrite) {
    this.store = store;
    this.ledger = ledger;
    this.leadership = leadership;
    this.clock = clock;
    this.settled = settled;
    this.haltAfterLedgerWrite = haltAfterLedgerWrite;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * Records {@code next}: the ledger entry, then the store row (inserted for version 1, replaced
   * otherwise). Returns false, having written nothing, if the stored version is not the one {@code
   * next} was made from.
   *
   * @param namespace the entry's namespace index attribute, or null
   */
  public boolean record(GovernanceRequest next, Instant now, String namespace) {
    ReentrantLock lock = stripes[Math.floorMod(next.id().hashCode(), stripes.length)];
    lock.lock();
    try {
      catchUp(next.id());
      if (store.version(next.id()).orElse(0) != next.version() - 1) {
        return false;
      }
      ledger.append(
          new EntryDraft(
              RequestEncoding.KIND,
              now,
              next.draft().team().value(),
              namespace,
              next.state().label(),
              next.id(),
              RequestEncoding.encode(next)));
      haltIfAsked(next);
      boolean stored = storeAfterLedger(next);
      if (!stored) {
        // Only another writer on the same database gets here; the next start rolls forward.
        throw new IllegalStateException(
            "request " + next.id() + " changed in the store while it was being recorded");
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The store write after the ledger write. If it fails, the ledger already holds the version, so
   * the store is rolled forward to it at once (idempotent); if that fails too, the version waits in
   * {@link #behind} for {@link #reconcile} and the caller is told {@link StoreBehind} (a 503), not
   * a bare 500 with a silent gap.
   */
  private boolean storeAfterLedger(GovernanceRequest next) {
    try {
      return next.version() == 1 ? store.insert(next) : store.replace(next);
    } catch (RuntimeException first) {
      LOG.warn("store write of {} v{} failed after its ledger entry", next.id(), next.version());
      try {
        store.rollForward(next);
        return store.version(next.id()).orElse(0) == next.version();
      } catch (RuntimeException again) {
        again.addSuppressed(first);
        behind.put(next.id(), next);
        throw new StoreBehind(next, again);
      }
    }
  }

  /** Stores a version the ledger has and the store missed, if one is waiting for {@code id}. */
  private void catchUp(String id) {
    GovernanceRequest waiting = behind.get(id);
    if (waiting != null) {
      try {
        store.rollForward(waiting);
        behind.remove(id, waiting);
      } catch (RuntimeException e) {
        throw new StoreBehind(waiting, e);
      }
    }
  }

  /** Retries the store writes that failed after their ledger writes. */
  @Scheduled(fixedDelay = "10s", initialDelay = "10s")
  void reconcile() {
    for (String id : List.copyOf(behind.keySet())) {
      ReentrantLock lock = stripes[Math.floorMod(id.hashCode(), stripes.length)];
      lock.lock();
      try {
        catchUp(id);
        LOG.info("request {} reconciled: the store has its ledger version again", id);
      } catch (StoreBehind e) {
        LOG.warn("request {} still behind the ledger in the store", id, e);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Versions recorded in the ledger whose store write failed twice, by request id. */
  int behind() {
    return behind.size();
  }

  /**
   * The ledger recorded a version the store could not take yet; it is retried in the background
   * (and at the next start). Answered 503: the change is durable, its read view is late.
   */
  public static final class StoreBehind extends RuntimeException {
    StoreBehind(GovernanceRequest r, Throwable cause) {
      super(
          "request "
              + r.id()
              + " version "
              + r.version()
              + " is recorded in the ledger; the request store is catching up, retry the read",
          cause);
    }
  }

  private void haltIfAsked(GovernanceRequest r) {
    String point = r.draft().kind().label() + ":" + r.state().label();
    if (point.equals(haltAfterLedgerWrite)) {
      LOG.error("test fault injection: halting after the ledger write of {} ({})", r.id(), point);
      Runtime.getRuntime().halt(HALT_STATUS);
    }
  }

  /** Every recorded version of a request, oldest first, found by the ledger's subject index. */
  public List<GovernanceRequests.History> history(String id) {
    List<GovernanceRequests.History> out = new ArrayList<>();
    OptionalLong from = OptionalLong.of(0);
    while (from.isPresent()) {
      EntryPage page = ledger.entries(EntryQuery.about(id, from.getAsLong(), EntryQuery.MAX_LIMIT));
      for (StoredEntry e : page.entries()) {
        if (e.draft().kind().equals(RequestEncoding.KIND)) {
          out.add(
              new GovernanceRequests.History(e.seq(), e.draft().recordedAt(), e.draft().outcome()));
        }
      }
      from = page.nextFrom();
    }
    return out;
  }

  /**
   * Brings the store up to the ledger: every request whose latest ledger entry is newer than its
   * store row (or that has no row) is stored as the ledger recorded it. Reads the entries after the
   * mark left by the previous start, then moves the mark. Call at start, before serving: it assumes
   * no request is being written meanwhile.
   *
   * @return the requests rolled forward
   */
  public List<GovernanceRequest> rollForward() {
    ledger.sequencer().runOnce(); // integrate what a previous run queued before reading it
    return rollForward(store.ledgerMark(), ledger.treeSize());
  }

  /**
   * Moves the mark while running (one replica: {@link Leadership}), over entries at least {@code
   * settled} old, rolling forward any the store missed: so the next start reads only the last
   * minute or so of the ledger, however long this one ran.
   */
  @Scheduled(
      fixedDelay = "${arbiter.requests.mark-interval:60s}",
      initialDelay = "${arbiter.requests.mark-interval:60s}")
  void advanceMark() {
    if (!leadership.leading()) {
      return;
    }
    try {
      long from = store.ledgerMark();
      List<StoredEntry> newer =
          ledger
              .entries(
                  new EntryQuery(from, 1, null, null, null, clock.instant().minus(settled), null))
              .entries();
      long settled = newer.isEmpty() ? ledger.treeSize() : newer.get(0).seq();
      if (settled > from) {
        rollForward(from, settled);
      }
    } catch (RuntimeException e) {
      LOG.warn("the ledger mark of the request store was not moved; next run retries", e);
    }
  }

  private List<GovernanceRequest> rollForward(long from, long to) {
    Map<String, GovernanceRequest> latest = new LinkedHashMap<>();
    long unreadable = 0;
    for (long at = from; at < to; ) {
      EntryPage page = ledger.entries(EntryQuery.page(at, EntryQuery.MAX_LIMIT));
      for (StoredEntry e : page.entries()) {
        if (e.seq() >= to
            || !e.draft().kind().equals(RequestEncoding.KIND)
            || e.draft().subject() == null) {
          continue; // written by this run, another kind, or from before the canonical encoding
        }
        try {
          GovernanceRequest r = RequestEncoding.decode(e.draft().body());
          latest.merge(r.id(), r, (a, b) -> b.version() > a.version() ? b : a);
        } catch (IllegalArgumentException ex) {
          unreadable++;
          LOG.warn("ledger entry {} is not a readable governance request: {}", e.seq(), ex);
        }
      }
      at = page.nextFrom().orElse(to);
    }
    List<GovernanceRequest> rolled = new ArrayList<>();
    for (GovernanceRequest r : latest.values()) {
      if (store.rollForward(r)) {
        rolled.add(r);
        LOG.warn(
            "request {} rolled forward from the ledger to version {} ({})",
            r.id(),
            r.version(),
            r.state().label());
      }
    }
    store.ledgerMark(to);
    LOG.info(
        "governance requests checked against ledger entries {}..{}: {} rolled forward, {} unreadable",
        from,
        to,
        rolled.size(),
        unreadable);
    return rolled;
  }
}
