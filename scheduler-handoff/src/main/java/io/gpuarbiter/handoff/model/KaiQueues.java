package io.gpuarbiter.handoff.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.arbitration.model.Department;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Team;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KAI {@code scheduling.run.ai/v2} Queues: a parent queue per department, a queue per team under
 * it. KAI counts GPUs in fractions, so GPUe carry over unchanged. KAI queues are not per node pool:
 * a team's entitlements in all KAI pools add up into one queue.
 */
public final class KaiQueues {
  /** The one unlimited queue for work whose quota Kueue already charges. */
  public static final String KUEUE_CHARGED_QUEUE = "gpu-arbiter-kueue";

  /** KAI's "no limit" / "unlimited quota". */
  static final long UNLIMITED = -1;

  static final String SCHEDULER = "kai";

  private KaiQueues() {}

  /**
   * A department queue whose quota and limit are both its teams' nominal sum, bounded by its caps:
   * the engine lends only inside a department and never above its cap, so the department itself
   * never runs over quota. Reservations are not subject to caps (the engine caps quota charges).
   */
  public static GenericKubernetesResource departmentQueue(
      GovernanceModel model, Department department, List<Entitlement> entitlements) {
    Gpue guaranteed = Gpue.ZERO;
    Gpue reserved = Gpue.ZERO;
    Map<String, Gpue> perPool = new LinkedHashMap<>();
    for (Entitlement e : entitlements) {
      perPool.merge(e.pool().id().value(), e.guaranteed(), Gpue::plus);
      reserved = reserved.plus(e.reserved());
    }
    for (Map.Entry<String, Gpue> pool : perPool.entrySet()) {
      Gpue sum = pool.getValue();
      Gpue capped =
          model.departmentCaps().stream()
              .filter(c -> c.department().equals(department.id()))
              .filter(c -> c.pool().value().equals(pool.getKey()))
              .findFirst()
              .map(c -> c.max().min(sum))
              .orElse(sum);
      guaranteed = guaranteed.plus(capped);
    }
    Gpue total = guaranteed.plus(reserved);
    return queue(department.id().value(), department.displayName(), null, gpu(total, total, total));
  }

  /**
   * A team queue: quota = nominal (guarantee plus active reservations); limit = nominal plus the
   * borrowing limit, or unlimited (bounded by the department) when any pool has none; over-quota
   * weight = nominal, so idle capacity is shared in proportion to guarantees.
   */
  public static GenericKubernetesResource teamQueue(Team team, List<Entitlement> entitlements) {
    Gpue nominal = Gpue.ZERO;
    Optional<Gpue> limit = Optional.of(Gpue.ZERO);
    for (Entitlement e : entitlements) {
      nominal = nominal.plus(e.nominal());
      Gpue poolNominal = e.nominal();
      limit = limit.flatMap(l -> e.borrowingLimit().map(b -> l.plus(poolNominal).plus(b)));
    }
    Object limitValue = limit.<Object>map(KaiQueues::number).orElse(UNLIMITED);
    return queue(
        team.id().value(),
        team.displayName(),
        team.department().value(),
        gpu(number(nominal), limitValue, number(nominal)));
  }

  /** Quota and limit unlimited: Kueue charges this work, KAI only places it. */
  public static GenericKubernetesResource kueueChargedQueue() {
    return queue(
        KUEUE_CHARGED_QUEUE,
        "Kueue-charged GPU work (quota enforced by Kueue)",
        null,
        gpu(UNLIMITED, UNLIMITED, 1L));
  }

  private static Map<String, Object> gpu(Gpue quota, Gpue limit, Gpue weight) {
    return gpu(number(quota), number(limit), number(weight));
  }

  private static Map<String, Object> gpu(Object quota, Object limit, Object weight) {
    Map<String, Object> gpu = new LinkedHashMap<>();
    gpu.put("quota", quota);
    gpu.put("limit", limit);
    gpu.put("overQuotaWeight", weight);
    return gpu;
  }

  private static GenericKubernetesResource queue(
      String name, String displayName, String parent, Map<String, Object> gpu) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("displayName", displayName);
    if (parent != null) {
      spec.put("parentQueue", parent);
    }
    Map<String, Object> resources = new LinkedHashMap<>();
    // GPU Arbiter governs GPUs only: CPU and memory are unlimited so they never make work over
    // quota.
    resources.put("cpu", gpu(UNLIMITED, UNLIMITED, 1L));
    resources.put("gpu", gpu);
    resources.put("memory", gpu(UNLIMITED, UNLIMITED, 1L));
    spec.put("resources", resources);
    return Ownership.object(Kind.KAI_QUEUE, null, name, SCHEDULER, Map.of("spec", spec));
  }

  /** GPUe as a JSON number: an integer when whole, else the exact decimal. */
  static Object number(Gpue gpue) {
    if (gpue.micros() % Gpue.MICROS_PER_GPU == 0) {
      return gpue.micros() / Gpue.MICROS_PER_GPU;
    }
    return new BigDecimal(gpue.toString());
  }
}
