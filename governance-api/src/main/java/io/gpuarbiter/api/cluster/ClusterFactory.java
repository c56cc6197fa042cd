package io.gpuarbiter.api.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The connection to the cluster, when there is one ({@code ARBITER_KUBERNETES_ENABLED=true}:
 * in-cluster service account or kubeconfig, as fabric8 finds them). The embedded demo has none.
 */
@Factory
@Requires(property = "arbiter.kubernetes.enabled", value = "true")
public class ClusterFactory {
  @Singleton
  @Bean(preDestroy = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Singleton
  GateRelease gateRelease(KubernetesClient client) {
    return new GateRelease(client);
  }
}
