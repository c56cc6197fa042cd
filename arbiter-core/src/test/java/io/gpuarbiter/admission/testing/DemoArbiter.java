package io.gpuarbiter.admission.testing;

import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.model.ModelLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A live arbiter over the demo organisation (deploy/demo/model.yaml) at a fixed time. */
public final class DemoArbiter {
  public static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  public static final String POLICY_DIGEST = "no-policy-bundle";

  private DemoArbiter() {}

  public static SnapshotArbiter create(io.gpuarbiter.arbiter.DecisionStore log) {
    return withDesk(log, io.gpuarbiter.arbiter.ApprovalDesk.NONE);
  }

  /** The demo arbiter with an approval desk for per-workload tickets. */
  public static SnapshotArbiter withDesk(
      io.gpuarbiter.arbiter.DecisionStore log, io.gpuarbiter.arbiter.ApprovalDesk desk) {
    try {
      var model = ModelLoader.load(Path.of("..", "deploy", "demo", "model.yaml")).model();
      return SnapshotArbiter.start(
          GovernanceSnapshot.of(model, POLICY_DIGEST),
          log,
          Clock.fixed(NOW, ZoneOffset.UTC),
          desk,
          null);
    } catch (io.gpuarbiter.arbiter.DecisionStore.Unavailable
        | io.gpuarbiter.model.InvalidModelException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
