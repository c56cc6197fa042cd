package io.gpuarbiter.handoff.model;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;

/**
 * GPUe beyond a team's quota in a pool that an approval in force grants (a workload ticket's
 * approved excess). The scheduler must see it as capacity of the team, or Kueue would never admit
 * the Workload GPU Arbiter approved: it counts like a strict reservation, nominal and never lent.
 */
public record ApprovedExcess(TeamId team, PoolId pool, Gpue gpue) {}
