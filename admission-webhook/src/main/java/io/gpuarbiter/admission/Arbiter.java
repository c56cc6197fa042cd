package io.gpuarbiter.admission;

import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.Placement;
import io.gpuarbiter.arbitration.request.GpuRequest;
import java.util.List;

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
  default Arbitrated arbitrate(GpuRequest request, ReviewContext context) {
    return arbitrate(request, context, PlacementCheck.NONE);
  }

  /**
   * As {@link #arbitrate(GpuRequest, ReviewContext)}, but an admission whose placement the stored
   * object contradicts ({@code check} names the disagreements) is recorded as a denial and charges
   * nothing: an answer {@code allowed: false} never leaves a charge.
   *
   * @throws UidReused when the review's uid was answered for another object
   */
  Arbitrated arbitrate(GpuRequest request, ReviewContext context, PlacementCheck check);

  /** The workload was deleted: release its charge (no-op if it holds none) and record it. */
  void release(String workloadKey, ReviewContext context);

  /** Whether the workload holds a charge now (cheap: an in-memory view). */
  boolean charged(String workloadKey);

  /**
   * What the stored object says against a placement (a user-set queue, node selector or priority
   * that differs from the admitted one), in words; empty when it agrees.
   */
  @FunctionalInterface
  interface PlacementCheck {
    PlacementCheck NONE = placement -> List.of();

    List<String> disagreements(Placement placement);
  }

  /** A review reused a uid already answered (or being answered) for a different object. */
  final class UidReused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UidReused(String uid) {
      super(
          "request.uid "
              + uid
              + " was already answered for a different object; kube-apiserver gives every"
              + " request its own uid, and a retry carries the same object");
    }
  }

  /** A decision could not be made durable; nothing was charged and nothing may be allowed. */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
