package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.Gpue;

/**
 * A department's admitted GPUe in one pool.
 *
 * @param quotaCharged quota-charged GPUe of all its teams (what the department cap limits)
 * @param borrowed GPUe its teams borrow from each other
 * @param lendableInUse how much of the department's lendable capacity (sum over teams of
 *     min(lendingLimit, guarantee)) its owners now use themselves
 */
public record DepartmentUsage(Gpue quotaCharged, Gpue borrowed, Gpue lendableInUse) {
  public static final DepartmentUsage NONE = new DepartmentUsage(Gpue.ZERO, Gpue.ZERO, Gpue.ZERO);
}
