package io.gpuarbiter.api.admission;

import io.gpuarbiter.api.database.DatabaseGate;
import io.gpuarbiter.arbiter.DecisionStore;
import java.util.Optional;

/**
 * The decision store behind the {@link DatabaseGate}: when the database fails, decisions are
 * refused at once instead of each review waiting for its own connection timeout. A failed step
 * closes the gate (its heartbeat may have closed it already), every step while it is closed is
 * refused immediately (the webhook denies with 503), and the heartbeat opens it again once the
 * database answers.
 */
final class GatedDecisionStore implements DecisionStore {
  private final DecisionStore store;
  private final DatabaseGate gate;

  GatedDecisionStore(DecisionStore store, DatabaseGate gate) {
    this.store = store;
    this.gate = gate;
  }

  @Override
  public Standing load() throws Unavailable {
    refuseWhileDown();
    try {
      return store.load();
    } catch (Unavailable e) {
      throw tripped(e);
    }
  }

  @Override
  public <T> Committed<T> record(long knownVersion, Step<T> step) throws Unavailable {
    refuseWhileDown();
    try {
      return store.record(knownVersion, step);
    } catch (Unavailable e) {
      throw tripped(e);
    }
  }

  @Override
  public CatchUp changesSince(long knownVersion) throws Unavailable {
    refuseWhileDown();
    try {
      return store.changesSince(knownVersion);
    } catch (Unavailable e) {
      throw tripped(e);
    }
  }

  @Override
  public int pruneReleased(java.time.Instant before) throws Unavailable {
    refuseWhileDown();
    try {
      return store.pruneReleased(before);
    } catch (Unavailable e) {
      throw tripped(e);
    }
  }

  private void refuseWhileDown() throws Unavailable {
    Optional<DatabaseGate.Outage> down = gate.outage();
    if (down.isPresent()) {
      throw new Unavailable(down.get().describe(), null);
    }
  }

  private Unavailable tripped(Unavailable e) {
    gate.trip("a decision step failed: " + e.getMessage());
    String why = gate.outage().map(DatabaseGate.Outage::describe).orElse(e.getMessage());
    return new Unavailable(why, e);
  }
}
