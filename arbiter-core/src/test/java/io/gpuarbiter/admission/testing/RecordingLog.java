package io.gpuarbiter.admission.testing;

import io.gpuarbiter.arbiter.DecisionLog;
import io.gpuarbiter.arbiter.DecisionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** A decision log that keeps records in memory and numbers them from 0, like the ledger. */
public final class RecordingLog implements DecisionLog {
  private final List<DecisionRecord> records = new ArrayList<>();
  private boolean down;

  @Override
  public synchronized Position append(DecisionRecord record) throws DecisionLogUnavailable {
    if (down) {
      throw new DecisionLogUnavailable("ledger offline", null);
    }
    records.add(record);
    return new Position(records.size() - 1L, OptionalLong.of(records.size() - 1L));
  }

  public synchronized List<DecisionRecord> records() {
    return List.copyOf(records);
  }

  public synchronized void goDown() {
    down = true;
  }
}
