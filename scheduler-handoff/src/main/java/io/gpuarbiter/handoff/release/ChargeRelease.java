package io.gpuarbiter.handoff.release;

import java.time.Instant;
import java.util.Map;

/**
 * Port to the engine's charges. Keys are the admission webhook's allocation keys, {@code
 * group/Kind/namespace/name} with the core group written {@code core}.
 */
public interface ChargeRelease {
  /** Releases the workload's charge; releasing a key that holds none must be a no-op. */
  void release(String workloadKey, String reason);

  /**
   * The keys holding a charge now, each with when it was admitted. Asked on every terminal event
   * the watcher sees, so it should be cheap (an in-memory view).
   */
  Map<String, Instant> charged();
}
