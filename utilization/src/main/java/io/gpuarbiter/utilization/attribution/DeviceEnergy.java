package io.gpuarbiter.utilization.attribution;

import io.gpuarbiter.telemetry.dcgm.DcgmMetric;
import io.gpuarbiter.telemetry.dcgm.Device;
import io.gpuarbiter.telemetry.dcgm.DeviceReadings.Reading;
import io.gpuarbiter.telemetry.dcgm.EnergyCounter;
import java.util.HashMap;
import java.util.Map;

/**
 * Energy per device between consecutive scrapes, from each device's energy counter. Holds the last
 * reading of every device; the first reading of a device gives nothing (no interval yet). Counter
 * resets are counted. Not thread-safe: one ingest loop owns it.
 */
public final class DeviceEnergy {
  private final Map<Device, Double> last = new HashMap<>();
  private long resets;

  /** Joules each device used since its previous reading (absent: first reading, or no counter). */
  public Map<Device, Double> since(Iterable<Reading> readings) {
    Map<Device, Double> joules = new HashMap<>();
    for (Reading r : readings) {
      r.value(DcgmMetric.TOTAL_ENERGY_CONSUMPTION)
          .ifPresent(now -> {
            Double before = last.put(r.device(), now);
            if (before != null) {
              EnergyCounter.Used used = EnergyCounter.between(before, now);
              resets += used.reset() ? 1 : 0;
              joules.put(r.device(), used.joules());
            }
          });
    }
    return joules;
  }

  public long resets() {
    return resets;
  }
}
