package io.gpuarbiter.arbiter;

import io.gpuarbiter.admission.Arbiter;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * One replica's view of the charges and the one way to change them: decisions run in batches, each
 * batch one {@link DecisionStore#record} step. The store serialises the steps of every replica and
 * hands each the charges the others committed since, so a decision is always taken on every charge
 * committed before it, whichever replica took it. The snapshot a replica publishes changes only
 * after the step that changed it is durable.
 *
 * <p>Leader/follower on the callers' threads, like the ledger's group commit: a caller that finds
 * no batch running records everything queued (its own job included) in one step; the others wait
 * and the next one leads the following batch. An idle replica records a lone decision at once.
 */
final class LiveAccounting {
  /** Most decisions in one step: bounds the time the store's lock is held. */
  private static final int MAX_BATCH = 128;

  private final DecisionStore store;
  private final ReentrantLock queueLock = new ReentrantLock();
  private final Condition finished = queueLock.newCondition();
  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
  private boolean recording;
  private final Object publishLock = new Object();
  private volatile GovernanceSnapshot snapshot;
  private long version; // written only by the thread that holds the recording role

  LiveAccounting(DecisionStore store, GovernanceSnapshot initial, long version) {
    this.store = store;
    this.snapshot = initial;
    this.version = version;
  }

  /**
   * One decision on the accounting as it stands in the store: given the current snapshot, what it
   * records and the snapshot after it.
   */
  @FunctionalInterface
  interface Job<T> {
    Drafted<T> decide(GovernanceSnapshot current);
  }

  /**
   * @param next the snapshot after this job (what the following jobs of the batch decide on)
   * @param record what the ledger gets; empty records nothing (a no-op release, a retry)
   * @param change what the charges get; empty changes nothing
   */
  record Drafted<T>(
      GovernanceSnapshot next,
      Optional<DecisionRecord> record,
      Optional<ChargeChange> change,
      T value) {
    static <T> Drafted<T> nothing(GovernanceSnapshot s, T value) {
      return new Drafted<>(s, Optional.empty(), Optional.empty(), value);
    }
  }

  /** A job's result once durable, with where its record is (empty if it recorded none). */
  record Done<T>(T value, Optional<DecisionStore.Position> position) {}

  GovernanceSnapshot snapshot() {
    return snapshot;
  }

  /** Changes the governance (model, quotas) atomically with published charges. */
  void update(UnaryOperator<GovernanceSnapshot> change) {
    synchronized (publishLock) {
      snapshot = change.apply(snapshot);
    }
  }

  /**
   * Runs the job in the next batch and returns once its batch is durable.
   *
   * @throws Arbiter.Unavailable when the batch could not be recorded (nothing of it was)
   */
  <T> Done<T> run(Job<T> job) {
    Pending<T> mine = new Pending<>(job);
    queueLock.lock();
    try {
      queue.add(mine);
      while (!mine.done) {
        if (recording) {
          finished.awaitUninterruptibly();
          continue;
        }
        lead();
      }
    } finally {
      queueLock.unlock();
    }
    if (mine.failure != null) {
      throw new Arbiter.Unavailable(mine.failure.getMessage(), mine.failure);
    }
    return mine.done();
  }

  /**
   * Brings the published snapshot up to the charges other replicas committed, unless a batch is
   * recording (that batch catches up anyway). For previews and reports between decisions.
   */
  void refresh() throws DecisionStore.Unavailable {
    queueLock.lock();
    try {
      if (recording) {
        return;
      }
      recording = true;
    } finally {
      queueLock.unlock();
    }
    try {
      DecisionStore.CatchUp caught = store.changesSince(version);
      publish(caught.changes());
      version = caught.version();
    } finally {
      queueLock.lock();
      try {
        recording = false;
        finished.signalAll();
      } finally {
        queueLock.unlock();
      }
    }
  }

  /** Records the queued batch with the queue unlocked; called and returns with it held. */
  private void lead() {
    recording = true;
    List<Pending<?>> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.poll());
    }
    Exception failure = null;
    queueLock.unlock();
    try {
      record(batch);
    } catch (DecisionStore.Unavailable | RuntimeException e) {
      failure = e;
    } finally {
      queueLock.lock();
      for (Pending<?> p : batch) {
        if (!p.done) {
          p.failure =
              failure != null
                  ? failure
                  : new IllegalStateException("the batch ended without recording this decision");
          p.done = true;
        }
      }
      recording = false;
      finished.signalAll();
    }
  }

  private void record(List<Pending<?>> batch) throws DecisionStore.Unavailable {
    GovernanceSnapshot base = snapshot;
    DecisionStore.Committed<List<ChargeChange>> committed =
        store.record(
            version,
            caught -> {
              GovernanceSnapshot s = ChargeChange.applyAll(base, caught.changes());
              List<DecisionRecord> records = new ArrayList<>();
              List<DecisionStore.RecordedChange> changes = new ArrayList<>();
              for (Pending<?> p : batch) {
                s = p.decide(s, records, changes);
              }
              List<ChargeChange> all = new ArrayList<>(caught.changes());
              changes.forEach(c -> all.add(c.change()));
              return new DecisionStore.Outcome<>(records, changes, all);
            });
    publish(committed.value());
    version = committed.version();
    for (Pending<?> p : batch) {
      p.finish(committed.positions());
    }
  }

  /**
   * Applies committed changes to the snapshot as it is now (a governance update may have replaced
   * it since the batch began; charges and governance are independent parts of it).
   */
  private void publish(List<ChargeChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    synchronized (publishLock) {
      snapshot = ChargeChange.applyAll(snapshot, changes);
    }
  }

  /** One caller's job; fields are written by the leader and read under the queue lock. */
  private static final class Pending<T> {
    final Job<T> job;
    Drafted<T> drafted;
    int recordIndex = -1;
    Done<T> result;
    Exception failure;
    boolean done;

    Pending(Job<T> job) {
      this.job = job;
    }

    /** Decides on {@code s}, adding what it records; a job that throws fails the whole batch. */
    GovernanceSnapshot decide(
        GovernanceSnapshot s,
        List<DecisionRecord> records,
        List<DecisionStore.RecordedChange> changes) {
      drafted = job.decide(s);
      if (drafted.record().isPresent()) {
        recordIndex = records.size();
        records.add(drafted.record().get());
      }
      if (drafted.change().isPresent()) {
        if (recordIndex < 0) {
          throw new IllegalStateException("a charge change without the record that justifies it");
        }
        changes.add(new DecisionStore.RecordedChange(drafted.change().get(), recordIndex));
      }
      return drafted.next();
    }

    void finish(List<DecisionStore.Position> positions) {
      result =
          new Done<>(
              drafted.value(),
              recordIndex < 0 ? Optional.empty() : Optional.of(positions.get(recordIndex)));
      done = true;
    }

    Done<T> done() {
      return result;
    }
  }
}
