package io.gpuarbiter.arbitration.model;

import java.util.Optional;

/** How a pool's GPUs may be divided between workloads. */
public enum SharingMode implements Labelled {
  /** One workload per GPU. */
  WHOLE,
  /** Hardware-isolated Multi-Instance GPU slices. */
  MIG,
  /** Time-slicing (also what fractional KAI and HAMi shares run on). */
  TIME_SLICING,
  /** NVIDIA Multi-Process Service. */
  MPS;

  public static Optional<SharingMode> fromLabel(String label) {
    return Labelled.find(values(), label);
  }
}
