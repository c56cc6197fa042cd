package io.gpuarbiter.arbitration.testing;

import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random requests against the demo model, from a seeded generator so a failing run replays: every
 * team, class and GPU mechanism, small and large asks.
 */
public final class RandomRequests {
  private static final List<String> TEAMS = List.of("nlp", "vision", "search", "serving");
  private static final List<String> PROFILES = List.of("1g.10gb", "1g.20gb", "3g.40gb", "7g.80gb");

  private RandomRequests() {}

  public static GpuRequest next(RandomGenerator rnd, long seq) {
    Requests r =
        Requests.aRequest()
            .team(TEAMS.get(rnd.nextInt(TEAMS.size())))
            .uid("w-" + seq)
            .requester(rnd.nextBoolean() ? "alice" : "bob");
    WorkloadClass cls = WorkloadClass.values()[rnd.nextInt(WorkloadClass.values().length)];
    r.workloadClass(cls);
    if (cls == WorkloadClass.EXPERIMENTATION) {
      r.maxRuntime(Duration.ofHours(1 + rnd.nextInt(8)));
    }
    if (rnd.nextBoolean()) {
      r.checkpointing();
    }
    if (rnd.nextInt(4) == 0) {
      r.preemptible();
    }
    switch (rnd.nextInt(5)) {
      case 0 -> r.pods(1 + rnd.nextInt(3)).fraction(1 + rnd.nextInt(1000));
      case 1 -> r.pods(1 + rnd.nextInt(7)).mig(PROFILES.get(rnd.nextInt(PROFILES.size())), 1);
      case 2 -> r.gpuMemory(1024L * (1 + rnd.nextInt(80)));
      default -> r.pods(1 + rnd.nextInt(3)).wholeGpus(1 + rnd.nextInt(4));
    }
    return r.build();
  }
}
