package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.Gpue;
import java.util.HashMap;
import java.util.Map;

/**
 * A pool's admitted GPUe and its current tenants (workload count per class × sharing mode), which
 * coexistence rules are checked against.
 */
public record PoolUsage(Gpue used, Map<Tenancy, Integer> tenants) {
  public static final PoolUsage NONE = new PoolUsage(Gpue.ZERO, Map.of());

  public PoolUsage {
    tenants = Map.copyOf(tenants);
  }

  PoolUsage plus(Charge c) {
    Map<Tenancy, Integer> t = new HashMap<>(tenants);
    t.merge(new Tenancy(c.workloadClass(), c.sharing()), 1, Integer::sum);
    return new PoolUsage(used.plus(c.total()), t);
  }

  PoolUsage minus(Charge c) {
    Map<Tenancy, Integer> t = new HashMap<>(tenants);
    t.computeIfPresent(new Tenancy(c.workloadClass(), c.sharing()), (k, n) -> n > 1 ? n - 1 : null);
    return new PoolUsage(used.minusOrZero(c.total()), t);
  }
}
