package io.gpuarbiter.arbitration.decision;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import java.util.Optional;

/**
 * The quota numbers a decision was made on, as they were before it (so a reader can redo the sum).
 *
 * @param guaranteedUsed GPUe of the guarantee already in use
 * @param borrowed GPUe the team already borrows
 * @param borrowable GPUe the team could still borrow from its department
 * @param departmentUsed quota-charged GPUe of all the department's teams in the pool
 */
public record QuotaBasis(
    TeamId team,
    PoolId pool,
    Gpue guaranteed,
    Gpue guaranteedUsed,
    Gpue borrowed,
    Optional<Gpue> borrowingLimit,
    Gpue borrowable,
    Optional<Gpue> departmentCap,
    Gpue departmentUsed,
    Gpue poolCapacity,
    Gpue poolUsed) {}
