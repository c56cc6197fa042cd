package io.gpuarbiter.arbitration.model;

/** A department of the organization; its teams' quotas are capped by {@link DepartmentCap}s. */
public record Department(DepartmentId id, String displayName) {}
