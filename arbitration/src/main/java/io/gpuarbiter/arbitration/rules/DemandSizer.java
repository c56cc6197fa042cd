package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.decision.ReasonCode.DEMAND_UNFIT;

import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.PodSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Demand in GPU-equivalents on one pool and sharing mode: whole GPUs count 1 each; a fraction is
 * its share; a memory ask is its share of the pool's GPU memory; HAMi takes the largest of its
 * memory and core shares per device; a MIG slice is max(g / slices, slice memory / GPU memory). The
 * request total is the sum over pod sets, charged all-or-nothing.
 */
public final class DemandSizer {
  private DemandSizer() {}

  /**
   * Sizes the request on {@code pool} under {@code mode}. {@code estimatedNeedMiB} is the per-pod
   * memory need from model-size hints; only it lets a whole-GPU ask become a MIG slice.
   */
  public static Verdict<PodShape> size(
      GpuRequest request,
      DemandKind kind,
      Pool pool,
      SharingMode mode,
      OptionalLong estimatedNeedMiB) {
    if (mode == SharingMode.MIG) {
      return kind == DemandKind.MIG
          ? sizeMig(request, pool)
          : rewriteToMig(request, kind, pool, estimatedNeedMiB);
    }
    Gpue total = Gpue.ZERO;
    for (PodSet set : request.podSets()) {
      if (set.count() == 0 || DemandKind.of(set.perPod()) == DemandKind.NONE) {
        continue;
      }
      Optional<Gpue> perPod = perPod(set.perPod(), pool);
      if (perPod.isEmpty()) {
        return unfit(pool, set.name() + " asks more than one " + pool.gpuModel() + " holds");
      }
      total = total.plus(perPod.get().times(set.count()));
    }
    GpuDemand first = firstGpuDemand(request);
    OptionalInt fraction =
        first instanceof GpuDemand.GpuFraction f ? OptionalInt.of(f.milli()) : OptionalInt.empty();
    OptionalLong memory =
        first instanceof GpuDemand.GpuMemory m ? OptionalLong.of(m.mib()) : OptionalLong.empty();
    return Verdict.pass(new PodShape(mode, total, Optional.empty(), fraction, memory, false));
  }

  /**
   * The most GPUe the request can be charged on any pool: what a denial before the pool choice
   * records as requested. Whole GPUs, devices and fractions are the same on every pool; a share of
   * GPU memory, a MIG slice or an ask that cannot be sized counts as the one device it lands on
   * (its share is known only once a pool is chosen).
   */
  public static Gpue atMost(GpuRequest request) {
    Gpue total = Gpue.ZERO;
    for (PodSet set : request.podSets()) {
      total = total.plus(atMostPerPod(set.perPod()).times(set.count()));
    }
    return total;
  }

  private static Gpue atMostPerPod(GpuDemand demand) {
    return switch (demand) {
      case GpuDemand.WholeGpus w -> Gpue.ofWhole(w.count());
      case GpuDemand.DraDevices d -> Gpue.ofWhole(d.count());
      case GpuDemand.GpuFraction f -> Gpue.ofRatio(f.milli(), 1000);
      case GpuDemand.GpuMemory m -> Gpue.ofWhole(1);
      case GpuDemand.HamiShare h ->
          h.memoryMiB().isEmpty() && (h.memoryPercentage().isPresent() || h.cores().isPresent())
              ? Gpue.ofRatio(Math.max(h.memoryPercentage().orElse(0), h.cores().orElse(0)), 100)
                  .min(Gpue.ofWhole(1))
                  .times(h.gpus())
              : Gpue.ofWhole(h.gpus());
      case GpuDemand.MigSlices m -> Gpue.ofWhole(m.count());
      case GpuDemand.Unsized u -> Gpue.ofWhole(1);
    };
  }

  /** GPUe of one pod's non-MIG demand on this pool; empty when it does not fit one GPU. */
  static Optional<Gpue> perPod(GpuDemand demand, Pool pool) {
    long mem = Math.max(1, pool.gpuMemoryMiB());
    return switch (demand) {
      case GpuDemand.WholeGpus w -> Optional.of(Gpue.ofWhole(w.count()));
      case GpuDemand.DraDevices d -> Optional.of(Gpue.ofWhole(d.count()));
      case GpuDemand.GpuFraction f -> Optional.of(Gpue.ofRatio(f.milli(), 1000));
      case GpuDemand.GpuMemory m ->
          m.mib() > mem ? Optional.empty() : Optional.of(Gpue.ofRatio(m.mib(), mem));
      case GpuDemand.HamiShare h -> hami(h, mem);
      case GpuDemand.MigSlices m -> Optional.empty();
      case GpuDemand.Unsized u -> Optional.empty();
    };
  }

  private static Optional<Gpue> hami(GpuDemand.HamiShare h, long poolMemMiB) {
    Gpue share = Gpue.ZERO;
    boolean any = false;
    if (h.memoryPercentage().isPresent()) {
      share = share.max(Gpue.ofRatio(h.memoryPercentage().getAsInt(), 100));
      any = true;
    }
    if (h.memoryMiB().isPresent()) {
      share = share.max(Gpue.ofRatio(h.memoryMiB().getAsLong(), poolMemMiB));
      any = true;
    }
    if (h.cores().isPresent()) {
      share = share.max(Gpue.ofRatio(h.cores().getAsInt(), 100));
      any = true;
    }
    Gpue perDevice = any ? share : Gpue.ofWhole(1);
    if (perDevice.exceeds(Gpue.ofWhole(1))) {
      return Optional.empty();
    }
    return Optional.of(perDevice.times(h.gpus()));
  }

  private static Verdict<PodShape> sizeMig(GpuRequest request, Pool pool) {
    Gpue total = Gpue.ZERO;
    String firstProfile = null;
    for (PodSet set : request.podSets()) {
      if (!(set.perPod() instanceof GpuDemand.MigSlices m) || set.count() == 0) {
        continue;
      }
      Optional<MigProfile> p = MigProfiles.find(pool.gpuModel(), m.profile());
      if (p.isEmpty()
          || (!pool.migProfiles().isEmpty() && !pool.migProfiles().contains(m.profile()))) {
        return unfit(pool, "MIG profile " + m.profile() + " is not offered on " + pool.gpuModel());
      }
      firstProfile = firstProfile == null ? m.profile() : firstProfile;
      total = total.plus(p.get().gpue(pool.gpuMemoryMiB()).times((long) m.count() * set.count()));
    }
    return Verdict.pass(
        new PodShape(
            SharingMode.MIG,
            total,
            Optional.ofNullable(firstProfile),
            OptionalInt.empty(),
            OptionalLong.empty(),
            false));
  }

  private static Verdict<PodShape> rewriteToMig(
      GpuRequest request, DemandKind kind, Pool pool, OptionalLong estimatedNeedMiB) {
    MigProfile chosen = null;
    Gpue total = Gpue.ZERO;
    for (PodSet set : request.podSets()) {
      if (set.count() == 0 || DemandKind.of(set.perPod()) == DemandKind.NONE) {
        continue;
      }
      OptionalLong need = memoryNeed(set.perPod(), kind, pool, estimatedNeedMiB);
      if (need.isEmpty()) {
        return unfit(pool, set.name() + " cannot be expressed as one MIG slice");
      }
      Optional<MigProfile> p =
          MigProfiles.smallestFitting(pool.gpuModel(), need.getAsLong(), pool.migProfiles());
      if (p.isEmpty()) {
        return unfit(pool, "no MIG profile of " + pool.gpuModel() + " holds " + need + " MiB");
      }
      chosen = chosen == null ? p.get() : chosen;
      total = total.plus(p.get().gpue(pool.gpuMemoryMiB()).times(set.count()));
    }
    if (chosen == null) {
      return unfit(pool, "no GPU pods to place");
    }
    return Verdict.pass(
        new PodShape(
            SharingMode.MIG,
            total,
            Optional.of(chosen.name()),
            OptionalInt.empty(),
            OptionalLong.empty(),
            true));
  }

  /** Per-pod memory a MIG slice must hold: the explicit share, or the model estimate. */
  private static OptionalLong memoryNeed(
      GpuDemand demand, DemandKind kind, Pool pool, OptionalLong estimatedNeedMiB) {
    long mem = pool.gpuMemoryMiB();
    return switch (demand) {
      case GpuDemand.GpuFraction f -> OptionalLong.of(Math.ceilDiv(f.milli() * mem, 1000));
      case GpuDemand.GpuMemory m -> OptionalLong.of(m.mib());
      case GpuDemand.HamiShare h when h.gpus() == 1 && kind == DemandKind.SHARED ->
          hami(h, mem)
              .map(g -> OptionalLong.of(Math.ceilDiv(g.micros() * mem, Gpue.MICROS_PER_GPU)))
              .orElse(OptionalLong.empty());
      case GpuDemand.WholeGpus w when w.count() == 1 && estimatedNeedMiB.isPresent() ->
          OptionalLong.of(
              (long) Math.ceil(estimatedNeedMiB.getAsLong() * InferenceSizing.HEADROOM));
      default -> OptionalLong.empty();
    };
  }

  private static GpuDemand firstGpuDemand(GpuRequest request) {
    for (PodSet set : request.podSets()) {
      if (set.count() > 0 && DemandKind.of(set.perPod()) != DemandKind.NONE) {
        return set.perPod();
      }
    }
    return new GpuDemand.WholeGpus(0);
  }

  private static Verdict<PodShape> unfit(Pool pool, String why) {
    return Verdict.fail(Reason.of(DEMAND_UNFIT, "pool " + pool.id() + ": " + why));
  }
}
