package io.gpuarbiter.arbitration.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Invariants;
import io.gpuarbiter.arbitration.testing.Requests;
import io.gpuarbiter.arbitration.testing.Snapshots;
import io.gpuarbiter.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Replays the first 2,000 pods of the Alibaba openb default trace through decide(): each pod is
 * decided at its creation time and released at its deletion time, and the invariants are checked
 * after every step. num_gpu = whole GPUs; gpu_milli &lt; 1000 on one GPU = a fraction; qos hints
 * the class (LS → inference, BE → batch, Burstable → training with checkpoints, Guaranteed →
 * training). CPU-only pods are outside GPU scope and skipped.
 */
class TraceReplayTest {
  private static final String TRACE = "traces/alibaba-gpu-v2023/csv";
  private static final Instant EPOCH = Instant.parse("2023-01-01T00:00:00Z");

  record Event(long at, boolean create, int pod) {}

  @Test
  void replaysTheFirst2000PodsWithoutBreakingAPromise() throws IOException {
    Path csv = TestData.resolve(TRACE);
    GovernanceSnapshot s =
        Snapshots.of(TraceModel.build(csv.resolve("openb_node_list_gpu_node.csv")));
    List<String> rows = Files.readAllLines(csv.resolve("openb_pod_list_default.csv"));
    List<String[]> pods = rows.subList(1, 2001).stream().map(l -> l.split(",", -1)).toList();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < pods.size(); i++) {
      events.add(new Event(Long.parseLong(pods.get(i)[8]), true, i));
      events.add(new Event(Long.parseLong(pods.get(i)[9]), false, i));
    }
    // Releases before admissions at the same second, like a scheduler freeing first.
    events.sort(Comparator.comparingLong(Event::at).thenComparing(Event::create));
    ArbitrationEngine engine = new ArbitrationEngine();
    Map<String, Integer> outcomes = new TreeMap<>();
    int step = 0;
    for (Event e : events) {
      String[] pod = pods.get(e.pod());
      if (Integer.parseInt(pod[3]) == 0) {
        continue;
      }
      Instant now = EPOCH.plusSeconds(e.at());
      if (e.create()) {
        Decision d = engine.decide(request(pod, e.pod()), s, now);
        outcomes.merge(d.outcome(), 1, Integer::sum);
        if (d instanceof Admitted a) {
          s = s.admit(a.charge());
        }
      } else {
        s = s.release(pod[0], now);
      }
      assertThat(Invariants.violations(s, now)).as("step %d, pod %s", step++, pod[0]).isEmpty();
    }
    System.out.println("trace replay outcomes (GPU pods of the first 2,000): " + outcomes);
    assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1725);
    // Quotas are tight on purpose: the replay must both admit and hit quota.
    assertThat(outcomes).containsKeys("admitted", "needs-approval");
    assertThat(s.charges()).as("everything released at the end").isEmpty();
  }

  static GpuRequest request(String[] pod, int index) {
    int gpus = Integer.parseInt(pod[3]);
    int milli = Integer.parseInt(pod[4]);
    Requests r =
        Requests.aRequest()
            .team(TraceModel.team(index % TraceModel.TEAMS).id().value())
            .named(pod[0])
            .uid(pod[0])
            .kind("Pod");
    switch (pod[6]) {
      case "LS" -> r.workloadClass(WorkloadClass.INFERENCE);
      case "BE" -> r.workloadClass(WorkloadClass.BATCH);
      case "Burstable" -> r.workloadClass(WorkloadClass.TRAINING).checkpointing();
      default -> r.workloadClass(WorkloadClass.TRAINING);
    }
    return (gpus == 1 && milli < 1000 ? r.fraction(milli) : r.wholeGpus(gpus)).build();
  }
}
