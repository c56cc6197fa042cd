package io.gpuarbiter.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.admission.Arbiter;
import io.gpuarbiter.admission.Arbitrated;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.testing.Invariants;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many webhook threads at once, a ledger that is slow (like an fsync) and sometimes fails: every
 * answered admission is recorded, every charge in the snapshot belongs to a recorded admission, and
 * no limit is ever exceeded.
 */
class ConcurrentArbitrationTest {
  @Test
  void concurrentAdmissionsNeverOvercommitAndFailedRecordsLeaveNoCharge() throws Exception {
    FlakySlowLog log = new FlakySlowLog();
    SnapshotArbiter arbiter = DemoArbiter.create(log);
    List<GpuRequest> requests = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      requests.add(jobNamed("job-" + i, i % 3 == 0 ? "nlp-train" : "vision"));
    }
    ConcurrentLinkedQueue<Arbitrated> admitted = new ConcurrentLinkedQueue<>();
    AtomicInteger unavailable = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      GpuRequest r = requests.get(i);
      String uid = "uid-" + i;
      done.add(
          pool.submit(() -> {
            try {
              Arbitrated a = arbiter.arbitrate(r, new ReviewContext(uid, "CREATE", "ada"));
              if (a.decision() instanceof Admitted) {
                admitted.add(a);
              }
            } catch (Arbiter.Unavailable e) {
              unavailable.incrementAndGet();
            }
          }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    assertThat(unavailable.get()).as("some records failed").isPositive();
    assertThat(admitted).as("some admissions succeeded").isNotEmpty();
    assertThat(arbiter.snapshot().charges()).hasSize(admitted.size());
    assertThat(log.admittedKeys())
        .containsExactlyInAnyOrderElementsOf(
            arbiter.snapshot().charges().stream().map(c -> c.workload().uid()).toList());
    assertThat(Invariants.violations(arbiter.snapshot(), DemoArbiter.NOW)).isEmpty();
  }

  private static GpuRequest jobNamed(String name, String namespace) {
    return io.gpuarbiter.admission.testing.DemoJobs.pytorch(name, namespace);
  }

  /**
   * Takes 2 ms per step, like an fsync, and fails every fifth after the step decided (the commit
   * fails: nothing of it is kept).
   */
  static final class FlakySlowLog implements DecisionStore {
    private final io.gpuarbiter.admission.testing.RecordingLog kept =
        new io.gpuarbiter.admission.testing.RecordingLog();
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public Standing load() {
      return kept.load();
    }

    @Override
    public synchronized <T> Committed<T> record(long knownVersion, Step<T> step)
        throws Unavailable {
      int n = calls.incrementAndGet();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (n % 5 == 0) {
        step.decide(kept.changesSince(knownVersion));
        throw new Unavailable("disk full", null);
      }
      return kept.record(knownVersion, step);
    }

    @Override
    public CatchUp changesSince(long knownVersion) {
      return kept.changesSince(knownVersion);
    }

    @Override
    public int pruneReleased(java.time.Instant before) {
      return kept.pruneReleased(before);
    }

    List<String> admittedKeys() {
      return kept.records().stream()
          .filter(r -> r.outcome().equals("admitted"))
          .map(FlakySlowLog::keyOf)
          .toList();
    }

    private static String keyOf(DecisionRecord record) {
      String body = new String(record.canonicalBody(), java.nio.charset.StandardCharsets.UTF_8);
      String marker = "\"key\":\"";
      int at = body.indexOf(marker) + marker.length();
      return body.substring(at, body.indexOf('"', at));
    }
  }
}
