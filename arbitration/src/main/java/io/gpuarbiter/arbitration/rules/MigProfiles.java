package io.gpuarbiter.arbitration.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The MIG profile table, per GPU model, from NVIDIA's MIG user guide (supported profiles). Memory
 * is the nominal size in the profile name. Profiles are listed smallest first.
 */
public final class MigProfiles {
  private static final Map<String, List<MigProfile>> TABLE =
      Map.of(
          "A100-40GB",
          profiles(7, "1g.5gb", "1g.5gb+me", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"),
          "A100-80GB",
          profiles(
              7, "1g.10gb", "1g.10gb+me", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"),
          "A30-24GB",
          profiles(4, "1g.6gb", "1g.6gb+me", "2g.12gb", "2g.12gb+me", "4g.24gb"),
          "H100-80GB",
          profiles(
              7, "1g.10gb", "1g.10gb+me", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"),
          "H100-94GB",
          profiles(
              7, "1g.12gb", "1g.12gb+me", "1g.24gb", "2g.24gb", "3g.47gb", "4g.47gb", "7g.94gb"),
          "H200-141GB",
          profiles(
              7, "1g.18gb", "1g.18gb+me", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb"),
          "B200-180GB",
          profiles(
              7, "1g.23gb", "1g.23gb+me", "1g.45gb", "2g.45gb", "3g.90gb", "4g.90gb", "7g.180gb"));

  private MigProfiles() {}

  /** Profiles of a GPU model (case-insensitive name, e.g. {@code h100-80gb}); empty if no MIG. */
  public static List<MigProfile> forModel(String gpuModel) {
    return TABLE.getOrDefault(gpuModel.toUpperCase(Locale.ROOT), List.of());
  }

  public static Optional<MigProfile> find(String gpuModel, String profile) {
    return forModel(gpuModel).stream().filter(p -> p.name().equals(profile)).findFirst();
  }

  /**
   * The smallest profile (fewest compute slices, then least memory) with at least {@code
   * neededMiB}, among those the pool is partitioned into ({@code allowed}; empty = all).
   */
  public static Optional<MigProfile> smallestFitting(
      String gpuModel, long neededMiB, List<String> allowed) {
    MigProfile best = null;
    for (MigProfile p : forModel(gpuModel)) {
      boolean usable = !p.mediaExtension() && (allowed.isEmpty() || allowed.contains(p.name()));
      if (usable && p.memoryMiB() >= neededMiB && (best == null || smaller(p, best))) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean smaller(MigProfile a, MigProfile b) {
    return a.computeSlices() != b.computeSlices()
        ? a.computeSlices() < b.computeSlices()
        : a.memoryMiB() < b.memoryMiB();
  }

  private static List<MigProfile> profiles(int maxSlices, String... names) {
    List<MigProfile> out = new ArrayList<>();
    for (String name : names) {
      String base = name.replace("+me", "");
      int g = Integer.parseInt(base.substring(0, base.indexOf('g')));
      long gb = Long.parseLong(base.substring(base.indexOf('.') + 1, base.length() - 2));
      out.add(new MigProfile(name, g, maxSlices, gb * 1024));
    }
    return List.copyOf(out);
  }
}
