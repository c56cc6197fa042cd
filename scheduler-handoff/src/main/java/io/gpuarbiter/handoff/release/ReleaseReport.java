package io.gpuarbiter.handoff.release;

import java.util.List;
import java.util.Map;

/**
 * What one reconcile pass did.
 *
 * @param released key → reason, for every charge released
 * @param unresolved charged keys the pass could not check (malformed, or a kind it cannot locate):
 *     left charged; add the kind to the watcher's {@link ChargedKinds}
 */
public record ReleaseReport(Map<String, String> released, List<String> unresolved) {
  public ReleaseReport {
    released = Map.copyOf(released);
    unresolved = List.copyOf(unresolved);
  }
}
