package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.decision.ReasonCode.COEXISTENCE_CONFLICT;
import static io.gpuarbiter.arbitration.decision.ReasonCode.COEXISTENCE_NO_POOL;

import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.snapshot.ModelIndex;
import io.gpuarbiter.arbitration.snapshot.Tenancy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Step 2: where the request may run. A sharing mode must be allowed by the class policy, offered by
 * the pool, and compatible with the pool's current tenants sharing through that mode (coexistence
 * rules; a pair without a rule may share through any mode both classes allow). Candidates come in
 * preference order: pools where the team sponsors an active reservation first, then model order;
 * within a pool, hard isolation (MIG) before MPS before time-slicing.
 */
public final class Coexistence {
  private static final List<SharingMode> WHOLE_ORDER = List.of(SharingMode.MIG, SharingMode.WHOLE);
  private static final List<SharingMode> SHARED_ORDER =
      List.of(SharingMode.MIG, SharingMode.MPS, SharingMode.TIME_SLICING);
  private static final List<SharingMode> MIG_ORDER = List.of(SharingMode.MIG);

  private Coexistence() {}

  /** The inputs the candidates depend on besides the snapshot. */
  public record Ask(
      GpuRequest request,
      TeamId team,
      DemandKind kind,
      ClassPolicy policy,
      OptionalLong estimatedNeedMiB) {}

  public static Verdict<List<Candidate>> candidates(
      Ask ask, GovernanceSnapshot snapshot, Instant now) {
    List<Candidate> sponsored = new ArrayList<>();
    List<Candidate> others = new ArrayList<>();
    List<Reason> excluded = new ArrayList<>();
    boolean anyPool = false;
    for (Pool pool : snapshot.index().pools()) {
      boolean sponsors = sponsorsActive(snapshot, ask.team(), pool, now);
      if (!sponsors && snapshot.index().quota(ask.team(), pool.id()).isEmpty()) {
        continue;
      }
      anyPool = true;
      List<Candidate> target = sponsors ? sponsored : others;
      for (SharingMode mode : order(ask.kind())) {
        Optional<String> why =
            modeExcluded(
                ask, pool, mode, snapshot.poolUsage(pool.id()).tenants(), snapshot.index());
        if (why.isPresent()) {
          why.filter(w -> !w.isEmpty())
              .ifPresent(w -> excluded.add(Reason.of(COEXISTENCE_CONFLICT, w)));
          continue;
        }
        Verdict<PodShape> shape =
            DemandSizer.size(ask.request(), ask.kind(), pool, mode, ask.estimatedNeedMiB());
        switch (shape) {
          case Verdict.Pass<PodShape> p -> target.add(new Candidate(pool, p.value()));
          case Verdict.Fail<PodShape> f -> excluded.addAll(f.reasons());
        }
      }
    }
    sponsored.addAll(others);
    if (sponsored.isEmpty()) {
      List<Reason> reasons = new ArrayList<>();
      reasons.add(
          Reason.of(
              COEXISTENCE_NO_POOL,
              anyPool
                  ? "no pool of team " + ask.team() + " can take this " + label(ask) + " now"
                  : "team " + ask.team() + " holds no quota or reservation in any pool"));
      reasons.addAll(excluded);
      return new Verdict.Fail<>(reasons, List.of());
    }
    return Verdict.pass(List.copyOf(sponsored));
  }

  /** Empty if allowed; otherwise why not ("" when the mode simply does not apply). */
  static Optional<String> modeExcluded(
      Ask ask, Pool pool, SharingMode mode, Map<Tenancy, Integer> tenants, ModelIndex index) {
    WorkloadClass cls = ask.policy().workloadClass();
    if (mode == SharingMode.WHOLE) {
      return pool.offers(SharingMode.WHOLE) ? Optional.empty() : Optional.of("");
    }
    if (mode == SharingMode.MIG
        && (MigProfiles.forModel(pool.gpuModel()).isEmpty()
            || (ask.kind() != DemandKind.MIG && !pool.rewriteToMig())
            || (ask.kind() == DemandKind.WHOLE && ask.estimatedNeedMiB().isEmpty()))) {
      return Optional.of("");
    }
    if (!pool.offers(mode)) {
      return Optional.of("");
    }
    if (!ask.policy().allowedSharing().contains(mode)) {
      return Optional.of(
          "pool " + pool.id() + ": " + cls.label() + " may not share GPUs through " + mode.label());
    }
    for (Tenancy t : tenants.keySet()) {
      if (t.sharing() != mode) {
        continue;
      }
      Optional<Set<SharingMode>> via = index.coexistence(cls, t.workloadClass());
      if (via.isPresent() && !via.get().contains(mode)) {
        return Optional.of(
            "pool "
                + pool.id()
                + ": "
                + cls.label()
                + " may not share through "
                + mode.label()
                + " with the "
                + t.workloadClass().label()
                + " workloads running there");
      }
    }
    return Optional.empty();
  }

  private static boolean sponsorsActive(
      GovernanceSnapshot snapshot, TeamId team, Pool pool, Instant now) {
    for (Reservation r : snapshot.index().reservations(pool.id())) {
      if (r.team().equals(team) && r.activeAt(now)) {
        return true;
      }
    }
    return false;
  }

  private static List<SharingMode> order(DemandKind kind) {
    return switch (kind) {
      case WHOLE, NONE -> WHOLE_ORDER;
      case SHARED -> SHARED_ORDER;
      case MIG -> MIG_ORDER;
    };
  }

  private static String label(Ask ask) {
    return ask.policy().workloadClass().label()
        + " "
        + ask.kind().name().toLowerCase(Locale.ROOT)
        + " ask";
  }
}
