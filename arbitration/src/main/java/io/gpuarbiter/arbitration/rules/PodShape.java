package io.gpuarbiter.arbitration.rules;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.SharingMode;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How a request runs on one pool: the sharing mode, its total GPUe over all pods, and the per-pod
 * shape handed to the scheduler.
 *
 * @param migRewrite whether the engine turned a whole-GPU or fractional ask into a MIG slice
 */
public record PodShape(
    SharingMode mode,
    Gpue total,
    Optional<String> migProfile,
    OptionalInt fractionMilli,
    OptionalLong memoryMiB,
    boolean migRewrite) {

  static PodShape of(SharingMode mode, Gpue total) {
    return new PodShape(
        mode, total, Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), false);
  }
}
