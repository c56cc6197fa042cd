package io.gpuarbiter.api.cluster;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * The connection to the cluster, when there is one ({@code ARBITER_KUBERNETES_ENABLED=true}:
 * in-cluster service account or kubeconfig, as fabric8 finds them). The embedded demo has none.
 */
@Factory
@Requires(property = "arbiter.kubernetes.enabled", value = "true")
public class ClusterFactory {
  /**
   * @param masterUrl an explicit API server (tests, out-of-cluster use); empty = fabric8's own
   *     discovery (in-cluster service account, then kubeconfig)
   */
  @Singleton
  @Bean(preDestroy = "close")
  KubernetesClient kubernetesClient(@Value("${arbiter.kubernetes.master-url:}") String masterUrl) {
    KubernetesClientBuilder builder = new KubernetesClientBuilder();
    if (!masterUrl.isBlank()) {
      builder.withConfig(new ConfigBuilder().withMasterUrl(masterUrl).withTrustCerts(true).build());
    }
    return builder.build();
  }

  @Singleton
  GateRelease gateRelease(KubernetesClient client) {
    return new GateRelease(client);
  }
}
