package io.gpuarbiter.arbitration.decision;

/** A toleration matching one of the pool's taints ({@code operator: Equal}). */
public record Toleration(String key, String value, String effect) {}
