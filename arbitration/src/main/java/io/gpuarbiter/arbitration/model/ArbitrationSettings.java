package io.gpuarbiter.arbitration.model;

/**
 * Organisation-wide switches of the engine.
 *
 * @param requireExplicitClass deny workloads without the class label instead of classifying them
 * @param allowUnsizedWithWarning admit (with a warning) GPU workloads whose demand cannot be sized,
 *     instead of denying them
 */
public record ArbitrationSettings(boolean requireExplicitClass, boolean allowUnsizedWithWarning) {}
