package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.decision.ReasonCode.PLACEMENT_MIG_REWRITE;
import static io.gpuarbiter.arbitration.decision.ReasonCode.PLACEMENT_PRIORITY_CLASS;
import static io.gpuarbiter.arbitration.decision.ReasonCode.SIZING_OVERSIZED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.SIZING_UNDERSIZED;

import io.gpuarbiter.arbitration.decision.Placement;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.SchedulerHandOff;
import io.gpuarbiter.arbitration.decision.SizingHint;
import io.gpuarbiter.arbitration.decision.Toleration;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.PodSet;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Step 7: the hand-off. Pool node labels and tolerations, the sharing shape (MIG profile, fraction
 * or memory), and the scheduler target: Kueue LocalQueue named after the team with the class's
 * WorkloadPriorityClass, or the team's KAI queue with priority class, fraction/memory and
 * preemptibility. With model-size hints, inference gets a sizing note and the MIG profile to use.
 */
public final class PlacementHints {
  /** A model using less than a quarter of what it holds is worth a smaller slice. */
  private static final int OVERSIZE_FACTOR = 4;

  private PlacementHints() {}

  public static Placement place(
      GpuRequest request,
      TeamId team,
      ClassPolicy policy,
      Candidate candidate,
      boolean preemptible,
      List<Reason> warnings) {
    Pool pool = candidate.pool();
    PodShape shape = candidate.shape();
    if (request.priorityClass().isPresent()
        && !request.priorityClass().get().equals(policy.kueuePriorityClass())
        && !request.priorityClass().get().equals(policy.kaiPriorityClass())) {
      warnings.add(
          Reason.of(
              PLACEMENT_PRIORITY_CLASS,
              "priority class "
                  + request.priorityClass().get()
                  + " replaced by the "
                  + policy.workloadClass().label()
                  + " class default"));
    }
    if (shape.migRewrite()) {
      warnings.add(
          Reason.of(
              PLACEMENT_MIG_REWRITE,
              "runs on MIG slice " + shape.migProfile().orElse("?") + " of " + pool.gpuModel()));
    }
    Optional<SizingHint> sizing = sizing(request, pool, shape, warnings);
    List<Toleration> tolerations =
        pool.taints().stream().map(t -> new Toleration(t.key(), t.value(), t.effect())).toList();
    return new Placement(
        pool.id(),
        shape.mode(),
        shape.migProfile(),
        shape.fractionMilli(),
        shape.memoryMiB(),
        handOff(pool, team, policy, shape, preemptible),
        preemptible,
        pool.nodeLabels(),
        tolerations,
        sizing);
  }

  static SchedulerHandOff handOff(
      Pool pool, TeamId team, ClassPolicy policy, PodShape shape, boolean preemptible) {
    return switch (pool.scheduler()) {
      case KUEUE -> new SchedulerHandOff.Kueue(team.value(), policy.kueuePriorityClass());
      case KAI ->
          new SchedulerHandOff.Kai(
              team.value(),
              policy.kaiPriorityClass(),
              shape.fractionMilli().isPresent()
                  ? Optional.of(
                      BigDecimal.valueOf(shape.fractionMilli().getAsInt(), 3)
                          .stripTrailingZeros()
                          .toPlainString())
                  : Optional.empty(),
              shape.memoryMiB(),
              preemptible);
      case NONE -> new SchedulerHandOff.Plain();
    };
  }

  private static Optional<SizingHint> sizing(
      GpuRequest request, Pool pool, PodShape shape, List<Reason> warnings) {
    if (request.modelHint().isEmpty()) {
      return Optional.empty();
    }
    long needed = InferenceSizing.neededMiB(request.modelHint().get());
    long withHeadroom = (long) Math.ceil(needed * InferenceSizing.HEADROOM);
    Optional<String> profile =
        MigProfiles.smallestFitting(pool.gpuModel(), withHeadroom, pool.migProfiles())
            .map(MigProfile::name);
    OptionalLong holds = memoryPerPod(request, pool, shape);
    if (holds.isPresent() && holds.getAsLong() < needed) {
      warnings.add(
          Reason.of(
              SIZING_UNDERSIZED,
              "the model needs about " + needed + " MiB per replica, each pod holds " + holds));
    } else if (holds.isPresent() && holds.getAsLong() > needed * OVERSIZE_FACTOR) {
      warnings.add(
          Reason.of(
              SIZING_OVERSIZED,
              "the model needs about "
                  + needed
                  + " MiB, each pod holds "
                  + holds.getAsLong()
                  + profile.map(p -> "; MIG " + p + " would do").orElse("")));
    }
    return Optional.of(new SizingHint(needed, profile));
  }

  /** GPU memory one pod gets under this shape, if it can be told. */
  private static OptionalLong memoryPerPod(GpuRequest request, Pool pool, PodShape shape) {
    if (shape.mode() == SharingMode.MIG && shape.migProfile().isPresent()) {
      return MigProfiles.find(pool.gpuModel(), shape.migProfile().get())
          .map(p -> OptionalLong.of(p.memoryMiB()))
          .orElse(OptionalLong.empty());
    }
    if (shape.memoryMiB().isPresent()) {
      return shape.memoryMiB();
    }
    if (shape.fractionMilli().isPresent()) {
      return OptionalLong.of(pool.gpuMemoryMiB() * shape.fractionMilli().getAsInt() / 1000);
    }
    for (PodSet set : request.podSets()) {
      if (set.count() > 0 && set.perPod() instanceof GpuDemand.WholeGpus w && w.count() > 0) {
        return OptionalLong.of(pool.gpuMemoryMiB() * w.count());
      }
    }
    return OptionalLong.empty();
  }
}
