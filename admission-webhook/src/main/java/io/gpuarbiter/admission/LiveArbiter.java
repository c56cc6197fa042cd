package io.gpuarbiter.admission;

import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.util.function.UnaryOperator;

/**
 * The {@link Arbiter} as the service sees it: besides deciding, the governance snapshot decisions
 * are taken on (for reports, the scheduler objects and the approval workflow), and the one way to
 * change it atomically with admissions. The service talks to this port, never to the class behind
 * it, so the live state can move (its own module, rows in PostgreSQL) without touching the service.
 */
public interface LiveArbiter extends Arbiter {
  /** The snapshot in force now (immutable). */
  GovernanceSnapshot snapshot();

  /** Applies a governance change (a new model, an approved quota) atomically with admissions. */
  void update(UnaryOperator<GovernanceSnapshot> change);

  /**
   * Brings the snapshot up to the charges other replicas committed since this one last decided
   * (decisions catch up by themselves; this keeps previews and reports current between them).
   *
   * @throws Arbiter.Unavailable when the shared state cannot be read
   */
  void refresh();
}
