package io.gpuarbiter.telemetry.dcgm;

import java.util.Optional;

/**
 * The GPU (or MIG instance) a sample is about.
 *
 * @param host the node, from {@code Hostname} (releases up to 3.x) or {@code hostname} (newer)
 * @param gpu the device index on the node ({@code gpu})
 * @param uuid the device's {@code UUID} (for a MIG instance, its parent GPU's)
 * @param model {@code modelName}, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param mig the MIG instance, when the sample is about one
 */
public record Device(String host, String gpu, String uuid, String model, Optional<Mig> mig) {
  /**
   * @param profile {@code GPU_I_PROFILE}, e.g. {@code 1g.10gb}
   * @param instance {@code GPU_I_ID}
   */
  public record Mig(String profile, String instance) {}

  /** The physical device (its MIG instances are parts of it). */
  public String physicalKey() {
    return host + "/" + uuid;
  }
}
