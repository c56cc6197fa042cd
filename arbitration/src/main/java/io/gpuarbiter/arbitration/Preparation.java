package io.gpuarbiter.arbitration;

import static io.gpuarbiter.arbitration.decision.DecisionBasis.early;
import static io.gpuarbiter.arbitration.decision.ReasonCode.CLASS_UNCONFIGURED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.DEMAND_NONE;
import static io.gpuarbiter.arbitration.decision.ReasonCode.DEMAND_UNSIZED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.TEAM_UNKNOWN;

import io.gpuarbiter.arbitration.decision.DecisionBasis;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.Suggestion;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.PodSet;
import io.gpuarbiter.arbitration.rules.ClassConstraints;
import io.gpuarbiter.arbitration.rules.Classification;
import io.gpuarbiter.arbitration.rules.Coexistence;
import io.gpuarbiter.arbitration.rules.DemandKind;
import io.gpuarbiter.arbitration.rules.DemandSizer;
import io.gpuarbiter.arbitration.rules.InferenceSizing;
import io.gpuarbiter.arbitration.rules.Verdict;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.snapshot.ModelIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Step 1 of the engine: whose request it is, which class, whether the class's constraints hold, and
 * which GPU mechanism it asks through.
 */
final class Preparation {
  private Preparation() {}

  /** What later steps need: the shared context and the ask for coexistence. */
  record Prepared(Evaluation.Context context, Coexistence.Ask ask) {}

  static Step<Prepared> prepare(
      GpuRequest request, GovernanceSnapshot snapshot, Instant now, List<Reason> warnings) {
    ModelIndex index = snapshot.index();
    String digest = snapshot.policyDigest();
    Gpue asked = DemandSizer.atMost(request); // what a denial before the pool choice records
    Optional<Team> team = team(request, index);
    if (team.isEmpty()) {
      return done(teamUnknown(request), List.of(), warnings, early(digest, none(), asked));
    }
    Verdict<WorkloadClass> classified =
        Classification.classify(request, index.classification(), index.settings());
    if (classified instanceof Verdict.Fail<WorkloadClass> f) {
      return new Step.Done<>(Outcomes.denied(f, warnings, early(digest, none(), asked)));
    }
    Verdict.Pass<WorkloadClass> pass = (Verdict.Pass<WorkloadClass>) classified;
    warnings.addAll(pass.notes());
    WorkloadClass cls = pass.value();
    DecisionBasis early = early(digest, Optional.of(cls), asked);
    Optional<ClassPolicy> policy = index.classPolicy(cls);
    if (policy.isEmpty()) {
      Reason r = Reason.of(CLASS_UNCONFIGURED, "class " + cls.label() + " has no policy");
      return done(r, List.of(), warnings, early);
    }
    Optional<Verdict.Fail<Void>> runtime = ClassConstraints.checkRuntime(request, policy.get());
    if (runtime.isPresent()) {
      return new Step.Done<>(Outcomes.denied(runtime.get(), warnings, early));
    }
    GpuRequest sized = request;
    StringBuilder why = new StringBuilder();
    Optional<DemandKind> kind = DemandKind.of(request, why);
    if (kind.isEmpty() && index.settings().allowUnsizedWithWarning()) {
      warnings.add(Reason.of(DEMAND_UNSIZED, why + "; charged one whole GPU per pod"));
      sized = conservatively(request);
      kind = DemandKind.of(sized, new StringBuilder());
    }
    if (kind.isEmpty()) {
      Reason r = Reason.of(DEMAND_UNSIZED, "GPU demand cannot be sized: " + why);
      return done(r, List.of(), warnings, early);
    }
    if (kind.get() == DemandKind.NONE) {
      return done(Reason.of(DEMAND_NONE, "asks for no GPUs"), List.of(), warnings, early);
    }
    Evaluation.Context ctx =
        new Evaluation.Context(sized, team.get(), policy.get(), snapshot, now, digest);
    if (ctx.preemptibleAsk() && !ctx.mayRunPreemptible()) {
      List<Suggestion> s = List.of(new Suggestion.AmendRequest("declare checkpointing"));
      return done(ClassConstraints.checkpointingRequired(policy.get()), s, warnings, early);
    }
    OptionalLong estimate =
        cls == WorkloadClass.INFERENCE && request.modelHint().isPresent()
            ? OptionalLong.of(InferenceSizing.neededMiB(request.modelHint().get()))
            : OptionalLong.empty();
    Coexistence.Ask ask =
        new Coexistence.Ask(sized, team.get().id(), kind.get(), policy.get(), estimate);
    return new Step.Next<>(new Prepared(ctx, ask));
  }

  private static Optional<Team> team(GpuRequest request, ModelIndex index) {
    return request.team().isPresent()
        ? index.team(request.team().get())
        : index.teamOwning(request.workload().namespace());
  }

  private static Reason teamUnknown(GpuRequest request) {
    String who =
        request.team().map(t -> "team " + t).orElse("namespace " + request.workload().namespace());
    return Reason.of(TEAM_UNKNOWN, who + " belongs to no team of the governance model");
  }

  private static Optional<WorkloadClass> none() {
    return Optional.empty();
  }

  private static Step<Prepared> done(
      Reason reason, List<Suggestion> suggestions, List<Reason> warnings, DecisionBasis basis) {
    Verdict.Fail<Void> f = new Verdict.Fail<>(List.of(reason), suggestions);
    return new Step.Done<>(Outcomes.denied(f, warnings, basis));
  }

  /**
   * Every GPU pod set as whole GPUs (a share counts as one device, a MIG slice as one GPU): an ask
   * that cannot be sized is never charged less than it may take.
   */
  static GpuRequest conservatively(GpuRequest request) {
    List<PodSet> sets = new ArrayList<>();
    for (PodSet s : request.podSets()) {
      int gpus =
          switch (s.perPod()) {
            case GpuDemand.WholeGpus w -> w.count();
            case GpuDemand.DraDevices d -> d.count();
            case GpuDemand.HamiShare h -> h.gpus();
            case GpuDemand.MigSlices m -> m.count();
            case GpuDemand.GpuFraction f -> 1;
            case GpuDemand.GpuMemory m -> 1;
            case GpuDemand.Unsized u -> 1;
          };
      sets.add(new PodSet(s.name(), s.count(), new GpuDemand.WholeGpus(gpus)));
    }
    return request.toBuilder().podSets(sets).build();
  }
}
