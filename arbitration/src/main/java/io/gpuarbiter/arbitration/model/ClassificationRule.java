package io.gpuarbiter.arbitration.model;

import java.util.Optional;

/**
 * Classifies a workload that carries no {@code gpu-arbiter.io/class} label: the first rule whose
 * kind and (optional) annotation match gives the class. Rules are tried in model order.
 *
 * @param kind workload kind, e.g. {@code PyTorchJob}; {@code *} matches any kind
 * @param annotation annotation key that must be present (with {@code annotationValue}, if given)
 * @param requiresCompletions only matches when the workload declares completions (batch Jobs)
 */
public record ClassificationRule(
    String kind,
    Optional<String> annotation,
    Optional<String> annotationValue,
    boolean requiresCompletions,
    WorkloadClass workloadClass) {}
