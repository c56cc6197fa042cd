package io.gpuarbiter.arbitration.model;

/** A node taint of a pool; workloads placed there get the matching toleration. */
public record Taint(String key, String value, String effect) {}
