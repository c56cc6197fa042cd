package io.gpuarbiter.api.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gpuarbiter.admission.owners.Lineage;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection to the cluster, when there is one ({@code ARBITER_KUBERNETES_ENABLED=true}:
 * in-cluster service account or kubeconfig, as fabric8 finds them). The embedded demo has none.
 */
@Factory
@Requires(property = "arbiter.kubernetes.enabled", value = "true")
public class ClusterFactory {
  /**
   * @param kubeconfig a kubeconfig file to use ({@code ARBITER_KUBERNETES_KUBECONFIG}: running
   *     outside the cluster); empty = fabric8's own discovery (in-cluster service account, then
   *     {@code KUBECONFIG} / {@code ~/.kube/config})
   * @param masterUrl an explicit API server, trusted without verification: only for tests against a
   *     local mock server; ignored when a kubeconfig is given
   */
  @Singleton
  @Bean(preDestroy = "close")
  KubernetesClient kubernetesClient(
      @Value("${arbiter.kubernetes.kubeconfig:}") String kubeconfig,
      @Value("${arbiter.kubernetes.master-url:}") String masterUrl)
      throws IOException {
    KubernetesClientBuilder builder = new KubernetesClientBuilder();
    if (!kubeconfig.isBlank()) {
      builder.withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))));
    } else if (!masterUrl.isBlank()) {
      builder.withConfig(new ConfigBuilder().withMasterUrl(masterUrl).withTrustCerts(true).build());
    }
    return builder.build();
  }

  /** Owner references of controller-made objects, followed through the API server. */
  @Singleton
  Lineage lineage(KubernetesClient client) {
    return new ClusterLineage(client);
  }

  @Singleton
  GateRelease gateRelease(KubernetesClient client) {
    return new GateRelease(client);
  }
}
