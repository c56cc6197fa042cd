package io.gpuarbiter.arbitration.bench;

import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Requests;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * decide() for a single-pod request on the large model (1,000 teams) with 3,000 workloads already
 * admitted. Requests rotate over teams and mechanisms so no single branch is measured alone. Run:
 * see arbitration/BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecideBenchmark {
  private static final int REQUESTS = 256;

  private final ArbitrationEngine engine = new ArbitrationEngine();
  private GovernanceSnapshot snapshot;
  private GpuRequest[] requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    GovernanceSnapshot s = Snapshots.of(LargeModel.build());
    for (int i = 0; i < 3_000; i++) {
      GpuRequest r = Requests.aRequest().team("team-" + (i % LargeModel.TEAMS)).build();
      Decision d = engine.decide(r, s, Models.NOW);
      if (d instanceof Admitted a) {
        s = s.admit(a.charge());
      }
    }
    snapshot = s;
    requests = new GpuRequest[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      Requests r = Requests.aRequest().team("team-" + (i * 37 % LargeModel.TEAMS));
      switch (i % 4) {
        case 0 -> r.wholeGpus(1);
        case 1 -> r.workloadClass(WorkloadClass.BATCH).fraction(250);
        case 2 -> r.workloadClass(WorkloadClass.BATCH).mig("1g.10gb", 1);
        default -> r.workloadClass(WorkloadClass.INFERENCE).model("7b", "bf16");
      }
      requests[i] = r.build();
    }
  }

  @Benchmark
  public Decision decide() {
    GpuRequest r = requests[next++ & (REQUESTS - 1)];
    return engine.decide(r, snapshot, Models.NOW);
  }
}
