package io.gpuarbiter.handoff.sync;

import java.util.List;

/** Everything one sync pass did, plus how many owned objects already matched. */
public record SyncReport(List<SyncEvent> events, int unchanged) {
  public SyncReport {
    events = List.copyOf(events);
  }

  public long count(SyncEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).count();
  }
}
