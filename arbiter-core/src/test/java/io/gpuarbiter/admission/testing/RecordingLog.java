package io.gpuarbiter.admission.testing;

import io.gpuarbiter.arbiter.ChargeChange;
import io.gpuarbiter.arbiter.DecisionRecord;
import io.gpuarbiter.arbiter.DecisionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A decision store in memory for unit tests of the arbiter's logic: records are numbered from 0
 * like the ledger's entries, each step with changes is a new version, and steps run one at a time
 * as the database serialises them. The SQL store is tested against H2 and PostgreSQL in {@code
 * SqlDecisionStore*IT}.
 */
public final class RecordingLog implements DecisionStore {
  private final List<DecisionRecord> records = new ArrayList<>();
  private final List<List<ChargeChange>> versions = new ArrayList<>();
  private boolean down;

  @Override
  public synchronized Standing load() {
    return new Standing(0, List.of());
  }

  @Override
  public synchronized <T> Committed<T> record(long knownVersion, Step<T> step) throws Unavailable {
    if (down) {
      throw new Unavailable("ledger offline", null);
    }
    Outcome<T> outcome = step.decide(changesSince(knownVersion));
    List<Position> positions = new ArrayList<>();
    for (DecisionRecord r : outcome.records()) {
      records.add(r);
      positions.add(new Position(records.size() - 1L, OptionalLong.of(records.size() - 1L)));
    }
    if (!outcome.changes().isEmpty()) {
      versions.add(outcome.changes().stream().map(RecordedChange::change).toList());
    }
    return new Committed<>(versions.size(), positions, outcome.value());
  }

  @Override
  public synchronized CatchUp changesSince(long knownVersion) {
    List<ChargeChange> changes = new ArrayList<>();
    for (int v = (int) knownVersion; v < versions.size(); v++) {
      changes.addAll(versions.get(v));
    }
    return new CatchUp(versions.size(), changes);
  }

  /** Keeps every change: a test store is small, and replicas in a test never fall behind. */
  @Override
  public int pruneReleased(java.time.Instant before) {
    return 0;
  }

  public synchronized List<DecisionRecord> records() {
    return List.copyOf(records);
  }

  public synchronized void goDown() {
    down = true;
  }
}
