package io.gpuarbiter.handoff.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.Department;
import io.gpuarbiter.arbitration.model.DepartmentCap;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.SchedulerTarget;
import io.gpuarbiter.arbitration.model.Taint;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kueue objects other than ClusterQueues: ResourceFlavor per pool, WorkloadPriorityClass per class,
 * the approval AdmissionCheck, Cohort per department, LocalQueue per team namespace.
 */
public final class KueueObjects {
  /** Name of the AdmissionCheck whose controller is GPU Arbiter's approval workflow. */
  public static final String APPROVAL_CHECK = "gpu-arbiter-approval";

  public static final String APPROVAL_CONTROLLER = "gpu-arbiter.io/approval";

  /** Annotation on a Cohort listing its department's caps, {@code pool=GPUe} comma-separated. */
  public static final String DEPARTMENT_CAPS = "gpu-arbiter.io/department-caps";

  static final String SCHEDULER = "kueue";

  private KueueObjects() {}

  /** A flavor selects the pool's nodes, declares its taints and tolerates them on admission. */
  public static GenericKubernetesResource resourceFlavor(Pool pool) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("nodeLabels", new TreeMap<>(pool.nodeLabels()));
    if (!pool.taints().isEmpty()) {
      List<Map<String, Object>> taints = new ArrayList<>();
      List<Map<String, Object>> tolerations = new ArrayList<>();
      for (Taint t : pool.taints()) {
        Map<String, Object> taint = new LinkedHashMap<>();
        taint.put("key", t.key());
        if (t.value() != null) {
          taint.put("value", t.value());
        }
        taint.put("effect", t.effect());
        taints.add(taint);
        tolerations.add(toleration(t));
      }
      spec.put("nodeTaints", taints);
      spec.put("tolerations", tolerations);
    }
    return Ownership.object(
        Kind.RESOURCE_FLAVOR, null, pool.id().value(), SCHEDULER, Map.of("spec", spec));
  }

  private static Map<String, Object> toleration(Taint t) {
    Map<String, Object> toleration = new LinkedHashMap<>();
    toleration.put("key", t.key());
    if (t.value() == null) {
      toleration.put("operator", "Exists");
    } else {
      toleration.put("operator", "Equal");
      toleration.put("value", t.value());
    }
    toleration.put("effect", t.effect());
    return toleration;
  }

  /**
   * One WorkloadPriorityClass per distinct Kueue priority class name. Two classes sharing a name
   * with different priorities cannot both be honoured: the higher one wins and a note says so.
   */
  public static List<GenericKubernetesResource> priorityClasses(
      GovernanceModel model, List<String> notes) {
    Map<String, ClassPolicy> byName = new TreeMap<>();
    for (WorkloadClass wc : WorkloadClass.values()) {
      ClassPolicy policy = model.classes().get(wc);
      if (policy == null) {
        continue;
      }
      ClassPolicy seen = byName.get(policy.kueuePriorityClass());
      if (seen != null && seen.priority() != policy.priority()) {
        notes.add(
            "classes "
                + seen.workloadClass().label()
                + " and "
                + wc.label()
                + " share Kueue priority class "
                + policy.kueuePriorityClass()
                + " with different priorities; rendered the higher");
      }
      if (seen == null || policy.priority() > seen.priority()) {
        byName.put(policy.kueuePriorityClass(), policy);
      }
    }
    List<GenericKubernetesResource> out = new ArrayList<>();
    byName.forEach((name, policy) -> out.add(priorityClass(name, policy)));
    return out;
  }

  private static GenericKubernetesResource priorityClass(String name, ClassPolicy policy) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("value", policy.priority());
    body.put(
        "description",
        "GPU Arbiter workload class "
            + policy.workloadClass().label()
            + (policy.preemptible() ? " (preemptible)" : " (not preemptible)"));
    return Ownership.object(Kind.WORKLOAD_PRIORITY_CLASS, null, name, SCHEDULER, body);
  }

  public static GenericKubernetesResource approvalCheck() {
    return Ownership.object(
        Kind.ADMISSION_CHECK,
        null,
        APPROVAL_CHECK,
        SCHEDULER,
        Map.of("spec", Map.of("controllerName", APPROVAL_CONTROLLER)));
  }

  /**
   * A root Cohort per department: the engine lends only between teams of one department, so
   * departments do not share a parent. Caps are annotated for operators; Kueue enforces them only
   * implicitly (see {@link #capNotes}).
   */
  public static GenericKubernetesResource cohort(
      GovernanceModel model, Department department, List<Pool> kueuePools) {
    List<String> caps = new ArrayList<>();
    for (DepartmentCap cap : model.departmentCaps()) {
      boolean kueuePool = kueuePools.stream().anyMatch(p -> p.id().equals(cap.pool()));
      if (cap.department().equals(department.id()) && kueuePool) {
        caps.add(cap.pool() + "=" + cap.max());
      }
    }
    Map<String, String> annotations =
        caps.isEmpty() ? Map.of() : Map.of(DEPARTMENT_CAPS, String.join(",", caps));
    return Ownership.object(
        Kind.COHORT,
        null,
        department.id().value(),
        SCHEDULER,
        annotations,
        Map.of("spec", Map.of()));
  }

  /**
   * A department cap in a root cohort holds by construction when it is at least the sum of its
   * teams' nominal quotas (no borrowing across departments); a smaller cap cannot be expressed in
   * Kueue, which always honours nominal quota, and is left to the engine.
   */
  static void capNotes(GovernanceModel model, List<Entitlement> entitlements, List<String> notes) {
    for (DepartmentCap cap : model.departmentCaps()) {
      Gpue sum = Gpue.ZERO;
      boolean kueue = false;
      for (Entitlement e : entitlements) {
        if (e.team().department().equals(cap.department()) && e.pool().id().equals(cap.pool())) {
          sum = sum.plus(e.guaranteed());
          kueue = e.pool().scheduler() == SchedulerTarget.KUEUE;
        }
      }
      if (kueue && cap.max().compareTo(sum) < 0) {
        notes.add(
            "department cap "
                + cap.department()
                + "/"
                + cap.pool()
                + " = "
                + cap.max()
                + " GPUe is below its teams' guarantees ("
                + sum
                + "); Kueue cannot express it, the engine enforces it");
      }
    }
  }

  /** The team's LocalQueue, named after the team, in each of its namespaces. */
  public static List<GenericKubernetesResource> localQueues(Team team) {
    List<GenericKubernetesResource> out = new ArrayList<>();
    for (String namespace : team.namespaces()) {
      out.add(
          Ownership.object(
              Kind.LOCAL_QUEUE,
              namespace,
              team.id().value(),
              SCHEDULER,
              Map.of("spec", Map.of("clusterQueue", team.id().value()))));
    }
    return out;
  }
}
