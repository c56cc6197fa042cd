package io.gpuarbiter.handoff.release;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the objects behind webhook keys live in the API, for the kinds the webhook decodes: the
 * reconcile pass looks each charged key up here to ask the cluster whether it still exists.
 */
public final class ChargedKinds {
  private final Map<String, ResourceDefinitionContext> byGroupKind = new HashMap<>();

  private ChargedKinds(List<ResourceDefinitionContext> kinds) {
    kinds.forEach(k -> byGroupKind.put(groupKind(k), k));
  }

  /** The built-in table plus {@code extra} (an extra entry wins over a built-in one). */
  public static ChargedKinds withDefaults(List<ResourceDefinitionContext> extra) {
    List<ResourceDefinitionContext> all = new java.util.ArrayList<>(defaults());
    all.addAll(extra);
    return new ChargedKinds(all);
  }

  /** The object behind a webhook key ({@code group/Kind/namespace/name}) in the API. */
  public record Located(ResourceDefinitionContext kind, String namespace, String name) {
    /** The object as the API server has it now; null when it does not exist. */
    public GenericKubernetesResource get(KubernetesClient client) {
      return client.genericKubernetesResources(kind).inNamespace(namespace).withName(name).get();
    }
  }

  /** Where the object of a webhook key lives; empty for a malformed key or an unknown kind. */
  public Optional<Located> locate(String key) {
    String[] parts = key.split("/", -1);
    return parts.length == 4
        ? of(parts[0], parts[1]).map(k -> new Located(k, parts[2], parts[3]))
        : Optional.empty();
  }

  /** Where objects of {@code group/Kind} (group {@code core} for the core API) live. */
  public Optional<ResourceDefinitionContext> of(String group, String kind) {
    return Optional.ofNullable(byGroupKind.get(group + "/" + kind));
  }

  private static String groupKind(ResourceDefinitionContext k) {
    String group = k.getGroup() == null || k.getGroup().isEmpty() ? "core" : k.getGroup();
    return group + "/" + k.getKind();
  }

  static ResourceDefinitionContext kind(String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  private static List<ResourceDefinitionContext> defaults() {
    return List.of(
        kind("", "v1", "Pod", "pods"),
        kind("", "v1", "ReplicationController", "replicationcontrollers"),
        kind("apps", "v1", "Deployment", "deployments"),
        kind("apps", "v1", "StatefulSet", "statefulsets"),
        kind("apps", "v1", "ReplicaSet", "replicasets"),
        kind("batch", "v1", "Job", "jobs"),
        kind("batch", "v1", "CronJob", "cronjobs"),
        kind("jobset.x-k8s.io", "v1alpha2", "JobSet", "jobsets"),
        kind("ray.io", "v1", "RayJob", "rayjobs"),
        kind("ray.io", "v1", "RayCluster", "rayclusters"),
        kind("ray.io", "v1", "RayService", "rayservices"),
        kind("leaderworkerset.x-k8s.io", "v1", "LeaderWorkerSet", "leaderworkersets"),
        kind("serving.kserve.io", "v1beta1", "InferenceService", "inferenceservices"),
        kind("serving.kserve.io", "v1alpha1", "LLMInferenceService", "llminferenceservices"),
        kind("kubeflow.org", "v1", "PyTorchJob", "pytorchjobs"),
        kind("kubeflow.org", "v1", "TFJob", "tfjobs"),
        kind("kubeflow.org", "v1", "XGBoostJob", "xgboostjobs"),
        kind("kubeflow.org", "v1", "PaddleJob", "paddlejobs"),
        kind("kubeflow.org", "v1", "JAXJob", "jaxjobs"),
        kind("kubeflow.org", "v2beta1", "MPIJob", "mpijobs"),
        kind("trainer.kubeflow.org", "v1alpha1", "TrainJob", "trainjobs"),
        kind("apps.nvidia.com", "v1alpha1", "NIMService", "nimservices"),
        kind("kueue.x-k8s.io", "v1beta2", "Workload", "workloads"));
  }
}
