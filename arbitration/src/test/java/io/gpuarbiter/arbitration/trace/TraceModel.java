package io.gpuarbiter.arbitration.trace;

import io.gpuarbiter.arbitration.model.ArbitrationSettings;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.CoexistenceRule;
import io.gpuarbiter.arbitration.model.Department;
import io.gpuarbiter.arbitration.model.DepartmentId;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Organization;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.SchedulerTarget;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.testing.ModelBuilder;
import io.gpuarbiter.arbitration.testing.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A governance model over the Alibaba openb cluster: one pool per GPU model (nodes grouped by the
 * {@code model} column), eight teams in two departments sharing every pool. Each team is guaranteed
 * 2 GPUe and may borrow 2 more in two of the pools: tight on purpose, so that quotas, borrowing,
 * capacity and approvals all come into play.
 */
final class TraceModel {
  static final int TEAMS = 8;

  /** GPU memory per model; G2/G3 are undisclosed, assumed 32 GiB like the V100M32. */
  private static final Map<String, Long> MEMORY_MIB =
      Map.of(
          "V100M16", 16_384L, "V100M32", 32_768L, "P100", 16_384L, "T4", 16_384L, "A10", 24_576L,
          "G2", 32_768L, "G3", 32_768L);

  private TraceModel() {}

  static GovernanceModel build(Path nodeCsv) throws IOException {
    Map<String, Integer> gpus = new TreeMap<>();
    for (String line : Files.readAllLines(nodeCsv).subList(1, Files.readAllLines(nodeCsv).size())) {
      String[] f = line.split(",", -1);
      int n = Integer.parseInt(f[3]);
      if (n > 0) {
        gpus.merge(f[4], n, Integer::sum);
      }
    }
    List<Pool> pools = new ArrayList<>();
    List<Quota> quotas = new ArrayList<>();
    gpus.forEach((model, count) -> {
      PoolId id = new PoolId(model.toLowerCase(Locale.ROOT));
      pools.add(
          new Pool(
              id,
              model,
              MEMORY_MIB.getOrDefault(model, 32_768L),
              count,
              300,
              Set.of(SharingMode.WHOLE, SharingMode.TIME_SLICING),
              List.of(),
              Map.of("gpu-model", model),
              List.of(),
              SchedulerTarget.KAI,
              false));
    });
    quotas.addAll(quotas(pools));
    List<Team> teams = new ArrayList<>();
    for (int t = 0; t < TEAMS; t++) {
      teams.add(team(t));
    }
    return ModelBuilder.from(Models.demoLike())
        .organization(
            new Organization(
                "openb",
                List.of(
                    new Department(new DepartmentId("d0"), "d0"),
                    new Department(new DepartmentId("d1"), "d1")),
                teams))
        .pools(pools)
        .quotas(quotas)
        .classes(classes())
        .coexistence(
            List.of(new CoexistenceRule(WorkloadClass.TRAINING, WorkloadClass.INFERENCE, Set.of())))
        .departmentCaps(List.of())
        .reservations(List.of())
        .settings(new ArbitrationSettings(false, false))
        .build();
  }

  /**
   * Each team holds a quota in two of the pools: concurrency in the first 2,000 pods peaks near 52
   * GPUe, so 2 guaranteed + 2 borrowable per team and pool makes quotas bind.
   */
  private static List<Quota> quotas(List<Pool> pools) {
    List<Quota> quotas = new ArrayList<>();
    for (int t = 0; t < TEAMS; t++) {
      for (int k : new int[] {t % pools.size(), (t + 3) % pools.size()}) {
        quotas.add(
            new Quota(
                team(t).id(),
                pools.get(k).id(),
                Gpue.ofWhole(2),
                Optional.of(Gpue.ofWhole(2)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
      }
    }
    return quotas;
  }

  static Team team(int t) {
    return Models.team("team-" + t, "d" + (t % 2));
  }

  private static Map<WorkloadClass, ClassPolicy> classes() {
    Set<SharingMode> shared = Set.of(SharingMode.WHOLE, SharingMode.TIME_SLICING);
    Map<WorkloadClass, ClassPolicy> out = new EnumMap<>(WorkloadClass.class);
    out.put(
        WorkloadClass.TRAINING,
        new ClassPolicy(
            WorkloadClass.TRAINING,
            1000,
            "training",
            "train",
            false,
            shared,
            Optional.empty(),
            false,
            true));
    out.put(
        WorkloadClass.INFERENCE,
        new ClassPolicy(
            WorkloadClass.INFERENCE,
            900,
            "inference",
            "inference",
            false,
            shared,
            Optional.empty(),
            false,
            false));
    out.put(
        WorkloadClass.BATCH,
        new ClassPolicy(
            WorkloadClass.BATCH,
            100,
            "batch",
            "train",
            true,
            shared,
            Optional.empty(),
            false,
            false));
    out.put(
        WorkloadClass.EXPERIMENTATION,
        new ClassPolicy(
            WorkloadClass.EXPERIMENTATION,
            500,
            "experimentation",
            "build",
            false,
            shared,
            Optional.empty(),
            false,
            false));
    return out;
  }
}
