package io.gpuarbiter.handoff.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.arbitration.model.Department;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.SchedulerTarget;
import io.gpuarbiter.arbitration.model.Team;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Model → scheduler objects, no I/O. Each pool is charged by exactly one layer: Kueue pools get
 * Kueue quota objects, KAI pools get KAI queues, and work in Kueue pools that KAI places goes to
 * one unlimited KAI queue, so no GPU is charged twice.
 */
public final class Renderer {
  private Renderer() {}

  /**
   * Renders {@code target}'s objects for {@code model} with the reservations active at {@code now}.
   *
   * @param approvalCheck whether ClusterQueues require the approval AdmissionCheck
   * @throws IllegalArgumentException when two objects of one kind would share a name
   */
  public static Rendering render(
      GovernanceModel model, Target target, Instant now, boolean approvalCheck) {
    return render(model, target, now, approvalCheck, List.of());
  }

  /**
   * As {@link #render(GovernanceModel, Target, Instant, boolean)}, with the excess approvals in
   * force grant added to the teams' queues.
   */
  public static Rendering render(
      GovernanceModel model,
      Target target,
      Instant now,
      boolean approvalCheck,
      List<ApprovedExcess> approved) {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (target.includesKueue()) {
      kueue(
          model,
          Entitlements.of(model, SchedulerTarget.KUEUE, now, approved),
          approvalCheck,
          objects,
          notes);
    }
    if (target.includesKai()) {
      kai(model, Entitlements.of(model, SchedulerTarget.KAI, now, approved), objects);
    }
    requireUniqueNames(objects);
    return new Rendering(objects, notes);
  }

  private static void kueue(
      GovernanceModel model,
      List<Entitlement> entitlements,
      boolean approvalCheck,
      List<GenericKubernetesResource> out,
      List<String> notes) {
    List<Pool> pools = pools(model, SchedulerTarget.KUEUE);
    if (pools.isEmpty()) {
      return;
    }
    pools.forEach(p -> out.add(KueueObjects.resourceFlavor(p)));
    out.addAll(KueueObjects.priorityClasses(model, notes));
    out.add(KueueObjects.approvalCheck());
    for (Department d : model.organization().departments()) {
      out.add(KueueObjects.cohort(model, d, pools));
    }
    KueueObjects.capNotes(model, entitlements, notes);
    List<Team> served = new ArrayList<>();
    for (Team team : model.organization().teams()) {
      List<Entitlement> own = ofTeam(entitlements, team);
      if (own.isEmpty()) {
        notes.add("team " + team.id() + " has no quota in a Kueue pool: no ClusterQueue");
      } else {
        out.add(KueueClusterQueues.clusterQueue(team, own, approvalCheck));
        served.add(team);
      }
    }
    served.forEach(t -> out.addAll(KueueObjects.localQueues(t)));
  }

  private static void kai(
      GovernanceModel model, List<Entitlement> entitlements, List<GenericKubernetesResource> out) {
    List<GenericKubernetesResource> teams = new ArrayList<>();
    for (Department d : model.organization().departments()) {
      List<Entitlement> ofDepartment =
          entitlements.stream().filter(e -> e.team().department().equals(d.id())).toList();
      if (ofDepartment.isEmpty()) {
        continue;
      }
      out.add(KaiQueues.departmentQueue(model, d, ofDepartment));
      for (Team team : model.organization().teamsOf(d.id())) {
        List<Entitlement> own = ofTeam(ofDepartment, team);
        if (!own.isEmpty()) {
          teams.add(KaiQueues.teamQueue(team, own));
        }
      }
    }
    out.addAll(teams);
    if (!pools(model, SchedulerTarget.KUEUE).isEmpty()) {
      out.add(KaiQueues.kueueChargedQueue());
    }
  }

  private static List<Pool> pools(GovernanceModel model, SchedulerTarget scheduler) {
    return model.pools().stream().filter(p -> p.scheduler() == scheduler).toList();
  }

  private static List<Entitlement> ofTeam(List<Entitlement> entitlements, Team team) {
    return entitlements.stream().filter(e -> e.team().id().equals(team.id())).toList();
  }

  /** KAI queues of departments and teams share one namespace of names, as do all the others. */
  private static void requireUniqueNames(List<GenericKubernetesResource> objects) {
    Set<String> seen = new HashSet<>();
    for (GenericKubernetesResource o : objects) {
      String key =
          o.getApiVersion()
              + "/"
              + o.getKind()
              + "/"
              + o.getMetadata().getNamespace()
              + "/"
              + o.getMetadata().getName();
      if (!seen.add(key)) {
        throw new IllegalArgumentException(
            "two " + o.getKind() + " objects would be named " + o.getMetadata().getName());
      }
    }
  }
}
