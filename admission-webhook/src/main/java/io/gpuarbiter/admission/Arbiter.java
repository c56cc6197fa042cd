package io.gpuarbiter.admission;

import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.request.GpuRequest;

/**
 * What the webhook needs from the service: the engine over the live governance snapshot, made
 * durable by the ledger. The webhook translates; this port decides, charges and records.
 */
public interface Arbiter {
  /** Decides without charging or recording anything: the mutating call and dry runs. */
  Decision preview(GpuRequest request, ReviewContext context);

  /**
   * Decides and, when admitted, charges the workload, with the decision durable in the ledger
   * before this returns. Idempotent: the same review uid returns the same answer, and a workload
   * already charged for the same demand is not charged again (an UPDATE charges the difference).
   */
  Arbitrated arbitrate(GpuRequest request, ReviewContext context);

  /** The workload was deleted: release its charge (no-op if it holds none) and record it. */
  void release(String workloadKey, ReviewContext context);

  /** A decision could not be made durable; nothing was charged and nothing may be allowed. */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
