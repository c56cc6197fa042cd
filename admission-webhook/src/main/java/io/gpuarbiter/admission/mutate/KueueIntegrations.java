package io.gpuarbiter.admission.mutate;

import java.util.Set;

/**
 * The kinds for which Kueue creates a Workload itself (its job integrations), so that the approval
 * gate ({@code kueue.x-k8s.io/admission-gated-by}) on the object really holds it. For any other
 * kind (a CronJob, whose Jobs come from a template; KServe services; Volcano jobs; RayService) the
 * gate would be an annotation nobody reads and the workload would run unapproved: a decision that
 * needs approval is then denied, with the ticket, instead of allowed behind a gate.
 */
public final class KueueIntegrations {
  private static final Set<String> GATED =
      Set.of(
          "batch/Job",
          "core/Pod",
          "apps/Deployment",
          "apps/StatefulSet",
          "jobset.x-k8s.io/JobSet",
          "kubeflow.org/PyTorchJob",
          "kubeflow.org/TFJob",
          "kubeflow.org/MPIJob",
          "kubeflow.org/XGBoostJob",
          "kubeflow.org/PaddleJob",
          "kubeflow.org/JAXJob",
          "trainer.kubeflow.org/TrainJob",
          "ray.io/RayJob",
          "ray.io/RayCluster",
          "leaderworkerset.x-k8s.io/LeaderWorkerSet",
          "workload.codeflare.dev/AppWrapper");

  private KueueIntegrations() {}

  /** Whether Kueue holds objects of this API group ({@code ""} for core) and kind behind a gate. */
  public static boolean honoursGate(String group, String kind) {
    return GATED.contains((group.isEmpty() ? "core" : group) + "/" + kind);
  }
}
