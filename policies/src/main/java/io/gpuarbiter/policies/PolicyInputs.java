package io.gpuarbiter.policies;

import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.PodSet;
import io.gpuarbiter.arbitration.rules.Classification;
import io.gpuarbiter.arbitration.rules.Verdict;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.snapshot.ModelIndex;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the policy input document from a {@link GpuRequest}; pure functions, no I/O. */
public final class PolicyInputs {
  private static final Pattern MIG_COMPUTE = Pattern.compile("^(\\d+)g\\.");

  /** Compute slices of a full GPU on every MIG-capable model but the A30 (which has 4). */
  private static final int MIG_SLICES = 7;

  private PolicyInputs() {}

  /**
   * The input with the context resolved from the governance snapshot the engine will decide on: the
   * team owning the namespace (unless the request names one), the class as the engine classifies
   * it, the class limits, and whether the request would borrow.
   *
   * @param images container images of the workload's pod templates (the webhook reads them from the
   *     object; {@code GpuRequest} does not carry them)
   */
  public static PolicyInput from(
      GpuRequest request, GovernanceSnapshot snapshot, List<String> images) {
    ModelIndex index = snapshot.index();
    Optional<TeamId> team =
        request.team().or(() -> index.teamOwning(request.workload().namespace()).map(Team::id));
    Optional<WorkloadClass> cls =
        Classification.classify(request, index.classification(), index.settings())
                instanceof Verdict.Pass<WorkloadClass> pass
            ? Optional.of(pass.value())
            : Optional.empty();
    boolean explicit =
        request.explicitClass().isPresent()
            || Optional.ofNullable(request.labels().get(GpuRequest.CLASS_LABEL))
                .flatMap(WorkloadClass::fromLabel)
                .isPresent();
    Optional<ClassPolicy> policy = cls.flatMap(index::classPolicy);
    PolicyContext context =
        new PolicyContext(
            team,
            cls,
            explicit,
            policy.flatMap(ClassPolicy::maxDuration),
            policy.map(ClassPolicy::preemptible).orElse(false),
            images,
            team.map(t -> wouldBorrow(t, gpus(request), snapshot)).orElse(false));
    return from(request, context);
  }

  /** The input from the request and explicitly given context. */
  public static PolicyInput from(GpuRequest request, PolicyContext context) {
    var w = request.workload();
    return new PolicyInput(
        PolicyInput.API_VERSION,
        new PolicyInput.Workload(w.kind(), w.namespace(), w.name(), w.uid()),
        context.team().map(TeamId::value).orElse(null),
        request.requester().map(u -> u.value()).orElse(null),
        context.workloadClass().map(WorkloadClass::label).orElse(null),
        context.classExplicit(),
        request.labels(),
        request.annotations(),
        context.images(),
        request.priorityClass().orElse(null),
        request.preemptible() || context.classPreemptible(),
        context.borrowing(),
        request.checkpointing(),
        request.maxRuntime().map(Duration::toSeconds).orElse(null),
        context.classMaxRuntime().map(Duration::toSeconds).orElse(null),
        request.gangSize(),
        request.podSets().stream().map(PolicyInputs::podSet).toList(),
        gpus(request));
  }

  /**
   * GPUe of the request before a pool is chosen, rounded to thousandths: a whole GPU or DRA device
   * counts 1, a fraction its share, a MIG slice its compute share (g/7), a HAMi share the larger of
   * its memory and core percentages per device, and an ask in MiB (whose share depends on the pool)
   * one GPU, its upper bound.
   */
  public static double gpus(GpuRequest request) {
    double total = 0;
    for (PodSet set : request.podSets()) {
      total += set.count() * perPod(set.perPod());
    }
    return Math.round(total * 1000) / 1000.0;
  }

  private static double perPod(GpuDemand demand) {
    return switch (demand) {
      case GpuDemand.WholeGpus w -> w.count();
      case GpuDemand.DraDevices d -> d.count();
      case GpuDemand.GpuFraction f -> f.milli() / 1000.0;
      case GpuDemand.GpuMemory m -> 1;
      case GpuDemand.HamiShare h -> h.gpus() * hamiShare(h);
      case GpuDemand.MigSlices m -> m.count() * migShare(m.profile());
      case GpuDemand.Unsized u -> 0;
    };
  }

  private static double hamiShare(GpuDemand.HamiShare h) {
    if (h.memoryPercentage().isEmpty() && h.cores().isEmpty()) {
      return 1; // a device share given in MiB, or no share at all: at most the whole device
    }
    int percent = Math.max(h.memoryPercentage().orElse(0), h.cores().orElse(0));
    return percent / 100.0;
  }

  private static double migShare(String profile) {
    Matcher m = MIG_COMPUTE.matcher(profile);
    return m.find() ? Math.min(1, Integer.parseInt(m.group(1)) / (double) MIG_SLICES) : 1;
  }

  private static PolicyInput.PodSetInput podSet(PodSet set) {
    return new PolicyInput.PodSetInput(set.name(), set.count(), demand(set.perPod()));
  }

  static PolicyInput.Demand demand(GpuDemand demand) {
    return switch (demand) {
      case GpuDemand.WholeGpus w -> kind("whole").count(w.count()).build();
      case GpuDemand.DraDevices d -> kind("dra").count(d.count()).build();
      case GpuDemand.GpuFraction f -> kind("fraction").milli(f.milli()).build();
      case GpuDemand.GpuMemory m -> kind("memory").memoryMiB(m.mib()).build();
      case GpuDemand.MigSlices m -> kind("mig").count(m.count()).profile(m.profile()).build();
      case GpuDemand.Unsized u -> kind("unsized").reason(u.reason()).build();
      case GpuDemand.HamiShare h ->
          new PolicyInput.Demand(
              "hami",
              h.gpus(),
              null,
              h.memoryMiB().isPresent() ? h.memoryMiB().getAsLong() : null,
              h.memoryPercentage().isPresent() ? h.memoryPercentage().getAsInt() : null,
              h.cores().isPresent() ? h.cores().getAsInt() : null,
              null,
              null);
    };
  }

  /**
   * Whether the request fits in no pool's remaining guarantee of the team, so that admitting it
   * anywhere means borrowing. A team without quotas does not borrow (the engine refuses it).
   */
  static boolean wouldBorrow(TeamId team, double gpus, GovernanceSnapshot snapshot) {
    List<PoolId> pools = snapshot.index().quotaPools(team);
    Gpue ask = Gpue.ofRatio(Math.round(gpus * 1000), 1000);
    return !pools.isEmpty()
        && pools.stream()
            .allMatch(pool ->
                snapshot
                    .index()
                    .quota(team, pool)
                    .map(q ->
                        snapshot
                            .teamUsage(team, pool)
                            .guaranteed()
                            .plus(ask)
                            .exceeds(q.guaranteed()))
                    .orElse(true));
  }

  private static DemandBuilder kind(String kind) {
    return new DemandBuilder(kind);
  }

  /** Sets the one or two fields a demand kind has, leaving the others null. */
  private static final class DemandBuilder {
    private final String kind;
    private Integer count;
    private Integer milli;
    private Long memoryMiB;
    private String profile;
    private String reason;

    DemandBuilder(String kind) {
      this.kind = kind;
    }

    DemandBuilder count(int value) {
      count = value;
      return this;
    }

    DemandBuilder milli(int value) {
      milli = value;
      return this;
    }

    DemandBuilder memoryMiB(long value) {
      memoryMiB = value;
      return this;
    }

    DemandBuilder profile(String value) {
      profile = value;
      return this;
    }

    DemandBuilder reason(String value) {
      reason = value;
      return this;
    }

    PolicyInput.Demand build() {
      return new PolicyInput.Demand(kind, count, milli, memoryMiB, null, null, profile, reason);
    }
  }
}
