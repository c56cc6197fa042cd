package io.gpuarbiter.handoff.model;

import java.util.List;
import java.util.Optional;

/**
 * One kind of scheduler object GPU Arbiter renders and owns. Pure data: the sync side turns it into
 * a fabric8 resource context, so the model never needs API discovery.
 *
 * @param plural the resource name in the API path
 * @param namespaced whether objects of the kind live in a namespace
 */
public record Kind(String group, String version, String kind, String plural, boolean namespaced) {

  public static final String KUEUE_GROUP = "kueue.x-k8s.io";
  public static final String KUEUE_VERSION = "v1beta2";
  public static final String KAI_GROUP = "scheduling.run.ai";
  public static final String KAI_VERSION = "v2";

  public static final Kind RESOURCE_FLAVOR = kueue("ResourceFlavor", "resourceflavors", false);
  public static final Kind WORKLOAD_PRIORITY_CLASS =
      kueue("WorkloadPriorityClass", "workloadpriorityclasses", false);
  public static final Kind ADMISSION_CHECK = kueue("AdmissionCheck", "admissionchecks", false);
  public static final Kind COHORT = kueue("Cohort", "cohorts", false);
  public static final Kind CLUSTER_QUEUE = kueue("ClusterQueue", "clusterqueues", false);
  public static final Kind LOCAL_QUEUE = kueue("LocalQueue", "localqueues", true);
  public static final Kind KAI_QUEUE = new Kind(KAI_GROUP, KAI_VERSION, "Queue", "queues", false);

  /** Every kind, in the order objects are applied (referenced objects before referrers). */
  public static final List<Kind> ALL =
      List.of(
          RESOURCE_FLAVOR,
          WORKLOAD_PRIORITY_CLASS,
          ADMISSION_CHECK,
          COHORT,
          CLUSTER_QUEUE,
          LOCAL_QUEUE,
          KAI_QUEUE);

  public String apiVersion() {
    return group + "/" + version;
  }

  /** The kind an object with this apiVersion and kind belongs to, if GPU Arbiter renders it. */
  public static Optional<Kind> of(String apiVersion, String kind) {
    return ALL.stream()
        .filter(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind))
        .findFirst();
  }

  private static Kind kueue(String kind, String plural, boolean namespaced) {
    return new Kind(KUEUE_GROUP, KUEUE_VERSION, kind, plural, namespaced);
  }
}
