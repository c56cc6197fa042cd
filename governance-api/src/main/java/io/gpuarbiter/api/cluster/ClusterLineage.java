package io.gpuarbiter.api.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gpuarbiter.admission.owners.Lineage;
import io.gpuarbiter.admission.owners.OwnerRef;
import io.gpuarbiter.handoff.release.ChargedKinds;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owner references followed through the API server: one GET per link, for the kinds the webhook
 * decodes (others by discovery). A failed lookup is "unknown", which never covers an object: it is
 * then decided as a workload of its own.
 */
final class ClusterLineage implements Lineage {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLineage.class);

  private final KubernetesClient client;
  private final ChargedKinds kinds = ChargedKinds.withDefaults(List.of());

  ClusterLineage(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Owned> lookUp(String namespace, OwnerRef ref) {
    try {
      GenericKubernetesResource o =
          resources(ref).inNamespace(namespace).withName(ref.name()).get();
      if (o == null) {
        return Optional.empty();
      }
      Optional<OwnerRef> controller =
          o.getMetadata().getOwnerReferences().stream()
              .filter(r -> Boolean.TRUE.equals(r.getController()))
              .findFirst()
              .map(ClusterLineage::ref);
      return Optional.of(new Owned(o.getMetadata().getUid(), controller));
    } catch (KubernetesClientException e) {
      LOG.warn("cannot look up owner {} in {}: {}", ref, namespace, e.getMessage());
      return Optional.empty();
    }
  }

  private io.fabric8.kubernetes.client.dsl.MixedOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      resources(OwnerRef ref) {
    Optional<ResourceDefinitionContext> known = kinds.of(ref.group(), ref.kind());
    return known.isPresent()
        ? client.genericKubernetesResources(known.get())
        : client.genericKubernetesResources(ref.apiVersion(), ref.kind());
  }

  private static OwnerRef ref(OwnerReference r) {
    return new OwnerRef(r.getApiVersion(), r.getKind(), r.getName(), r.getUid());
  }
}
