package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.WorkloadClass;

/** A kind of tenant of a pool: workloads of one class running under one sharing mode. */
public record Tenancy(WorkloadClass workloadClass, SharingMode sharing) {}
