package io.gpuarbiter.arbitration.model;

/** The most a department's teams may hold together in one pool, borrowing included. */
public record DepartmentCap(DepartmentId department, PoolId pool, Gpue max) {}
