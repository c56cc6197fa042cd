package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.DepartmentId;
import io.gpuarbiter.arbitration.model.PoolId;

/** Composite key: a department (cohort) in a pool. */
public record DepartmentPool(DepartmentId department, PoolId pool) {}
