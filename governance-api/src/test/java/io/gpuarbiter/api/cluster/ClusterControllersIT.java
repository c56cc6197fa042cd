package io.gpuarbiter.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service connected to a cluster (fabric8's mock API server in CRUD mode: this tests our client
 * code, there is no real API server here): at start it syncs the scheduler objects of the model and
 * releases charges whose workloads are gone.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterControllersIT extends ServiceFixture {
  static KubernetesClient client;

  @Test
  void atStartTheModelsObjectsAreSyncedAndChargesOfVanishedWorkloadsReleased() throws Exception {
    dataDir = Files.createTempDirectory("arbiter-cluster");
    var job = Corpus.documents(Corpus.workload("kai__batch-job.yaml")).get(0);
    String key = "batch/Job/default/" + job.path("metadata").path("name").asText();
    try (EmbeddedServer offline = start(dataDir, false)) {
      assertThat(
              post("https", "/admission/validate", Reviews.bytes(Reviews.create(job, "cluster-1")))
                  .body())
          .contains("\"allowed\":true");
      assertThat(arbiter(offline).snapshot().charge(key)).isPresent();
    }
    try (EmbeddedServer connected = start(dataDir, true)) {
      assertThat(arbiter(connected).snapshot().charge(key))
          .as("the Job is not in the cluster: its charge is released")
          .isEmpty();
      var clusterQueues =
          client
              .genericKubernetesResources(
                  new ResourceDefinitionContext.Builder()
                      .withGroup("kueue.x-k8s.io")
                      .withVersion("v1beta2")
                      .withKind("ClusterQueue")
                      .withPlural("clusterqueues")
                      .withNamespaced(false)
                      .build())
              .list()
              .getItems();
      assertThat(clusterQueues).extracting(q -> q.getMetadata().getName()).contains("nlp");
      assertThat(clusterQueues)
          .allSatisfy(q ->
              assertThat(q.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/managed-by", "gpu-arbiter"));
    }
  }

  private EmbeddedServer start(Path data, boolean cluster) throws Exception {
    Map<String, Object> props = new HashMap<>(properties(data));
    if (cluster) {
      props.put("arbiter.kubernetes.enabled", "true");
      props.put("arbiter.kubernetes.master-url", client.getConfiguration().getMasterUrl());
      // The Job was admitted a moment ago: no grace, or its missing object would be waited for.
      props.put("arbiter.kubernetes.orphan-grace", "0s");
    }
    return ApplicationContext.run(EmbeddedServer.class, props);
  }

  private static SnapshotArbiter arbiter(EmbeddedServer server) {
    return server.getApplicationContext().getBean(SnapshotArbiter.class);
  }
}
