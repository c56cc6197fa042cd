package io.gpuarbiter.api.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gpuarbiter.admission.mutate.HandOffPatch;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a Kueue-managed workload whose approval came through: removes the {@code
 * kueue.x-k8s.io/admission-gated-by: gpu-arbiter.io/approval} annotation through the Kubernetes
 * API. The update goes through admission again, where the approved ticket admits it; Kueue then
 * schedules it. Only GPU Arbiter's own gate value is removed.
 */
public final class GateRelease {
  private static final Logger LOG = LoggerFactory.getLogger(GateRelease.class);
  private final KubernetesClient client;

  public GateRelease(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param workloadKey {@code group/Kind/namespace/name} as the webhook keys workloads
   * @return whether a gate was removed
   */
  public boolean release(String workloadKey, String apiVersion) {
    String[] parts = workloadKey.split("/");
    if (parts.length != 4 || apiVersion == null || apiVersion.isBlank()) {
      LOG.warn("cannot locate workload {} ({}) to release its gate", workloadKey, apiVersion);
      return false;
    }
    try {
      var resource =
          client
              .genericKubernetesResources(context(apiVersion, parts[1]))
              .inNamespace(parts[2])
              .withName(parts[3]);
      GenericKubernetesResource current = resource.get();
      if (current == null || !gated(current)) {
        return false;
      }
      resource.edit(r -> {
        r.getMetadata().getAnnotations().remove(HandOffPatch.KUEUE_GATE);
        return r;
      });
      LOG.info("released the approval gate of {}", workloadKey);
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn("could not release the approval gate of {}: {}", workloadKey, e.getMessage());
      return false;
    }
  }

  /**
   * The resource without API discovery: workload kinds pluralise regularly (pytorchjobs, jobsets,
   * leaderworkersets, inferenceservices …).
   */
  static ResourceDefinitionContext context(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    return new ResourceDefinitionContext.Builder()
        .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
        .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
        .withKind(kind)
        .withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s")
        .withNamespaced(true)
        .build();
  }

  private static boolean gated(GenericKubernetesResource r) {
    Map<String, String> annotations = r.getMetadata().getAnnotations();
    return annotations != null
        && HandOffPatch.APPROVAL_GATE.equals(annotations.get(HandOffPatch.KUEUE_GATE));
  }
}
