package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;

/** Composite key: a team in a pool (one quota, one Kueue ClusterQueue flavor). */
public record TeamPool(TeamId team, PoolId pool) {}
