package io.gpuarbiter.handoff.model;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.rules.MigProfile;
import io.gpuarbiter.arbitration.rules.MigProfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GPUe → what Kueue counts. Kueue counts extended resources as whole integers per resource name and
 * cannot convert one resource into another without a controller-wide transformation, so:
 *
 * <ul>
 *   <li>{@code nvidia.com/gpu}: whole GPUs, the GPUe amount rounded <em>down</em>;
 *   <li>{@code nvidia.com/mig-<profile>}: slices, the GPUe amount divided by the engine's charge
 *       for one slice on the pool's GPU (larger of compute and memory share, rounded up to a
 *       millionth), rounded <em>down</em>.
 * </ul>
 *
 * Rounding down everywhere means Kueue never lets a team hold more of one resource than the engine
 * would charge within the same GPUe. Each resource is a separate ceiling in Kueue; the engine,
 * which charges whole GPUs and slices against one GPUe total, keeps their sum within the
 * entitlement.
 */
public final class KueueUnits {
  public static final String GPU = "nvidia.com/gpu";

  private KueueUnits() {}

  /** MIG profiles the pool's flavor counts: the pool's profiles, if it offers MIG. */
  public static List<MigProfile> migProfiles(Pool pool) {
    if (!pool.offers(SharingMode.MIG)) {
      return List.of();
    }
    List<MigProfile> out = new ArrayList<>();
    for (String name : pool.migProfiles()) {
      MigProfiles.find(pool.gpuModel(), name).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /** Resource names the pool's flavor counts: {@code nvidia.com/gpu} first, then MIG slices. */
  public static List<String> resources(Pool pool) {
    List<String> out = new ArrayList<>();
    out.add(GPU);
    migProfiles(pool).forEach(p -> out.add(p.resourceName()));
    return List.copyOf(out);
  }

  /** Whole GPUs in {@code gpue}, rounded down. */
  public static long wholeGpus(Gpue gpue) {
    return gpue.micros() / Gpue.MICROS_PER_GPU;
  }

  /** Slices of {@code profile} that {@code gpue} pays for on the pool's GPU, rounded down. */
  public static long slices(Gpue gpue, MigProfile profile, Pool pool) {
    return gpue.micros() / profile.gpue(pool.gpuMemoryMiB()).micros();
  }

  /**
   * The Kueue quantity of {@code resource} for {@code gpue} in {@code pool}; 0 for a resource the
   * pool does not have (a flavor must list every resource of its group).
   */
  public static long quantity(String resource, Gpue gpue, Pool pool) {
    if (GPU.equals(resource)) {
      return wholeGpus(gpue);
    }
    Optional<MigProfile> profile =
        migProfiles(pool).stream().filter(p -> p.resourceName().equals(resource)).findFirst();
    return profile.map(p -> slices(gpue, p, pool)).orElse(0L);
  }
}
