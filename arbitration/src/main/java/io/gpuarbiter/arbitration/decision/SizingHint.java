package io.gpuarbiter.arbitration.decision;

import java.util.Optional;

/**
 * Inference sizing from the model-size hints: memory the model needs, and the MIG profile that fits
 * it with headroom on the chosen pool (if the pool's GPU model has a MIG table).
 */
public record SizingHint(long neededMiB, Optional<String> recommendedMigProfile) {}
