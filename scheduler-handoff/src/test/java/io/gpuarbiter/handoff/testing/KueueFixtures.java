package io.gpuarbiter.handoff.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Kueue objects in a mock API server, as Kueue would have written them. */
public final class KueueFixtures {
  public static final ResourceDefinitionContext WORKLOADS = context("Workload", "workloads", true);
  public static final ResourceDefinitionContext ADMISSION_CHECKS =
      context("AdmissionCheck", "admissionchecks", false);

  private KueueFixtures() {}

  /** Installs the corpus's Workload and AdmissionCheck CRDs (status subresource included). */
  public static void installCrds(KubernetesClient client, Path corpus) {
    for (String plural : List.of("workloads", "admissionchecks")) {
      Path file = corpus.resolve("crds/kueue/kueue.x-k8s.io_" + plural + ".yaml");
      client.apiextensions().v1().customResourceDefinitions().load(file.toFile()).create();
    }
  }

  public static void admissionCheck(KubernetesClient client, String name, String controller) {
    client
        .genericKubernetesResources(ADMISSION_CHECKS)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("kueue.x-k8s.io/v1beta2")
                .withKind("AdmissionCheck")
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("controllerName", controller))
                .build())
        .create();
  }

  /**
   * A Workload owned by the Job {@code owner} in {@code namespace}, then its status as Kueue sets
   * it: the named admission checks Pending.
   */
  public static GenericKubernetesResource workload(
      KubernetesClient client, String namespace, String owner, String... checks) {
    return ownedWorkload(client, namespace, "batch/v1", "Job", owner, checks);
  }

  /** A Workload owned by {@code ownerApiVersion, ownerKind, owner}, named after the owner. */
  public static GenericKubernetesResource ownedWorkload(
      KubernetesClient client,
      String namespace,
      String ownerApiVersion,
      String ownerKind,
      String owner,
      String... checks) {
    GenericKubernetesResource created =
        client
            .genericKubernetesResources(WORKLOADS)
            .inNamespace(namespace)
            .resource(
                new GenericKubernetesResourceBuilder()
                    .withApiVersion("kueue.x-k8s.io/v1beta2")
                    .withKind("Workload")
                    .withNewMetadata()
                    .withName(owner)
                    .withNamespace(namespace)
                    .addNewOwnerReference()
                    .withApiVersion(ownerApiVersion)
                    .withKind(ownerKind)
                    .withName(owner)
                    .withUid("uid-" + owner)
                    .endOwnerReference()
                    .endMetadata()
                    .addToAdditionalProperties(
                        "spec", Map.of("queueName", "nlp", "podSets", List.of()))
                    .build())
            .create();
    if (checks.length == 0) {
      return created;
    }
    List<Map<String, Object>> states = new ArrayList<>();
    for (String check : checks) {
      states.add(
          new HashMap<>(
              Map.of(
                  "name", check,
                  "state", "Pending",
                  "message", "",
                  "lastTransitionTime", "2026-11-30T00:00:00Z")));
    }
    Map<String, Object> status = new HashMap<>();
    status.put("admissionChecks", states);
    created.setAdditionalProperty("status", status);
    return client
        .genericKubernetesResources(WORKLOADS)
        .inNamespace(namespace)
        .resource(created)
        .updateStatus();
  }

  /** Adds the condition Finished=True, as Kueue does when the job completes. */
  @SuppressWarnings("unchecked") // JSON objects deserialize as Map<String, Object>
  public static GenericKubernetesResource finish(
      KubernetesClient client, String namespace, String name) {
    var resource =
        client.genericKubernetesResources(WORKLOADS).inNamespace(namespace).withName(name);
    GenericKubernetesResource live = resource.get();
    Map<String, Object> status =
        (Map<String, Object>)
            live.getAdditionalProperties().computeIfAbsent("status", k -> new HashMap<>());
    status.put(
        "conditions",
        List.of(
            Map.of(
                "type", "Finished",
                "status", "True",
                "reason", "Succeeded",
                "message", "Job finished successfully",
                "lastTransitionTime", "2026-12-01T09:00:00Z")));
    return client
        .genericKubernetesResources(WORKLOADS)
        .inNamespace(namespace)
        .resource(live)
        .updateStatus();
  }

  private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("kueue.x-k8s.io")
        .withVersion("v1beta2")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
