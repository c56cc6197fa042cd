package io.gpuarbiter.telemetry.dcgm;

import java.util.Optional;

/**
 * How busy a device was, 0–1, the measure "active GPUe = allocated × activity" uses: the graphics
 * engine's active fraction ({@code DCGM_FI_PROF_GR_ENGINE_ACTIVE}) where the exporter reports it;
 * else, on a whole GPU only, {@code DCGM_FI_DEV_GPU_UTIL} / 100. On a MIG instance GPU_UTIL reads 0
 * whatever the instance does, so without the profiling field its activity is unknown — empty, never
 * a made-up 0.
 */
public final class Activity {
  private Activity() {}

  /**
   * @param measure which field it came from
   */
  public record Of(double fraction, DcgmMetric measure) {}

  public static Optional<Of> of(DeviceReadings.Reading r) {
    Optional<Double> engine = r.value(DcgmMetric.GR_ENGINE_ACTIVE);
    if (engine.isPresent()) {
      return Optional.of(new Of(Math.min(1, engine.get()), DcgmMetric.GR_ENGINE_ACTIVE));
    }
    if (r.device().mig().isPresent()) {
      return Optional.empty();
    }
    return r.value(DcgmMetric.GPU_UTIL)
        .map(u -> new Of(Math.min(1, u / 100.0), DcgmMetric.GPU_UTIL));
  }
}
