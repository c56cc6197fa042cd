package io.gpuarbiter.telemetry.demo;

import io.gpuarbiter.telemetry.dcgm.PodRef;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One device of the DEMO fleet as the simulated exporter reports it: a whole GPU or one MIG
 * instance, the pod holding it, and how it behaves. Several entries with the same host, UUID and
 * MIG instance but different holders are one device shared by time-slicing: the exporter then
 * reports it once per pod, each copy with the device's value, and so does the simulator.
 *
 * @param host the node ({@code Hostname} label)
 * @param gpu the device index on the node ({@code gpu} label)
 * @param uuid the GPU's {@code UUID} (for a MIG instance, its parent GPU's, as the exporter has it)
 * @param modelName {@code modelName}; it also picks the board's power range
 * @param mig the MIG instance, when the entry is one
 * @param holder the pod holding the device; empty for a device nobody holds (reported without pod
 *     labels)
 * @param behaviour how busy the simulated workload keeps the device
 * @param framebufferMib the device's frame buffer (a MIG instance's own), in MiB
 */
public record SimulatedDevice(
    String host,
    int gpu,
    String uuid,
    String modelName,
    Optional<Mig> mig,
    Optional<PodRef> holder,
    Behaviour behaviour,
    long framebufferMib) {

  /** What the simulated workload does with the device: the utilization findings it should show. */
  public enum Behaviour {
    /** Engine active about 0.6–0.95: a training job using what it holds. */
    BUSY,
    /** Busy (about 0.6–0.9) and quiet (about 0–0.05) phases of about ten minutes, alternating. */
    BURSTY,
    /** Engine active about 0–0.02: a "zombie" pod holding a GPU it does not use. */
    IDLE,
    /** Engine active about 0.1–0.25 and at most 8 GiB of frame buffer: an over-sized service. */
    SMALL_FOOTPRINT
  }

  /**
   * A MIG instance.
   *
   * @param profile {@code GPU_I_PROFILE}, e.g. {@code 1g.10gb}: the leading number is its slices of
   *     the seven a GPU has, which sets its share of the board's power
   * @param instance {@code GPU_I_ID}
   */
  public record Mig(String profile, int instance) {
    private static final Pattern PROFILE = Pattern.compile("([1-7])g\\.\\d+gb.*");

    public Mig {
      Objects.requireNonNull(profile, "profile");
      if (!PROFILE.matcher(profile).matches()) {
        throw new IllegalArgumentException("MIG profile like 1g.10gb expected: " + profile);
      }
      if (instance < 0) {
        throw new IllegalArgumentException("MIG instance id must be ≥ 0: " + instance);
      }
    }

    /** The instance's compute slices, of seven. */
    public int slices() {
      Matcher m = PROFILE.matcher(profile);
      m.matches();
      return Integer.parseInt(m.group(1));
    }
  }

  public SimulatedDevice {
    requireText(host, "host");
    requireText(uuid, "uuid");
    requireText(modelName, "modelName");
    Objects.requireNonNull(mig, "mig");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(behaviour, "behaviour");
    if (gpu < 0) {
      throw new IllegalArgumentException("gpu index must be ≥ 0: " + gpu);
    }
    if (framebufferMib <= 0) {
      throw new IllegalArgumentException("framebuffer must be > 0 MiB: " + framebufferMib);
    }
  }

  /** The same device held by another pod: how a time-sliced GPU's further pods are written. */
  public SimulatedDevice heldBy(PodRef pod) {
    return new SimulatedDevice(
        host, gpu, uuid, modelName, mig, Optional.of(pod), behaviour, framebufferMib);
  }

  /** The device's identity (host, UUID, MIG instance): entries sharing it are one device. */
  String deviceKey() {
    return host + "/" + uuid + mig.map(m -> "/" + m.instance()).orElse("");
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
