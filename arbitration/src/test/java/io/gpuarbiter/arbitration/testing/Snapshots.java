package io.gpuarbiter.arbitration.testing;

import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.time.Instant;

/** Snapshots for tests: a fixed policy digest, and "admit whatever passes" helpers. */
public final class Snapshots {
  public static final String DIGEST = "sha256:0000000000000000test";
  private static final ArbitrationEngine ENGINE = new ArbitrationEngine();

  private Snapshots() {}

  public static GovernanceSnapshot of(GovernanceModel model) {
    return GovernanceSnapshot.of(model, DIGEST);
  }

  public static GovernanceSnapshot demo() {
    return of(Models.demoLike());
  }

  /** Decides and, if admitted, charges: the snapshot after the request. */
  public static GovernanceSnapshot admitIfAdmitted(
      GovernanceSnapshot s, GpuRequest request, Instant now) {
    Decision d = ENGINE.decide(request, s, now);
    return d instanceof Admitted a ? s.admit(a.charge()) : s;
  }
}
