package io.gpuarbiter.telemetry.dcgm;

import java.time.Duration;
import java.util.Optional;

/**
 * Energy a device used between two readings of {@code DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION}, a
 * counter of millijoules since the driver loaded. It restarts from zero when the node reboots or
 * the driver reloads: a reading below the previous one is a reset, and the energy since it is the
 * new reading itself (what came between the last reading and the reset is unknown, and counted as
 * such, never guessed).
 */
public final class EnergyCounter {
  private EnergyCounter() {}

  /**
   * @param joules energy used in the interval
   * @param reset whether the counter restarted in it (the joules are then a lower bound)
   */
  public record Used(double joules, boolean reset) {
    /** Average power over the interval, in watts (empty for an empty interval). */
    public Optional<Double> watts(Duration interval) {
      double seconds = interval.toNanos() / 1e9;
      return seconds > 0 ? Optional.of(joules / seconds) : Optional.empty();
    }
  }

  /**
   * @param previous the earlier reading of the same device, in mJ
   * @param current the later one, in mJ
   * @throws IllegalArgumentException for a reading that is negative or not finite (the parser never
   *     produces one)
   */
  public static Used between(double previous, double current) {
    if (!(Double.isFinite(previous) && Double.isFinite(current)) || previous < 0 || current < 0) {
      throw new IllegalArgumentException(
          "energy readings must be finite and ≥ 0: " + previous + ", " + current);
    }
    if (current >= previous) {
      return new Used((current - previous) / 1000.0, false);
    }
    return new Used(current / 1000.0, true);
  }
}
