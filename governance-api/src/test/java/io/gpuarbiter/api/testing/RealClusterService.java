package io.gpuarbiter.api.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The service in cluster mode on a {@link RealCluster} of its own: the API server calls its
 * webhooks (registered from {@code deploy/webhook/}) over mutual TLS, and the service watches and
 * syncs through the API server. One per test class; extend it and name the namespaces to create.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RealClusterService extends ServiceFixture {
  protected RealCluster cluster;
  protected EmbeddedServer service;

  /** Namespaces to create before the tests (workloads are decided by their namespace's team). */
  protected abstract List<String> namespaces();

  /** Whether the real Kueue runs in the cluster (its CRDs installed before the service starts). */
  protected boolean withKueue() {
    return false;
  }

  /** Extra service properties (e.g. shorter reconcile periods). */
  protected Map<String, Object> serviceProperties() {
    return Map.of();
  }

  @Override
  protected Map<String, String> environment(Path data) {
    return Map.of(
        "ARBITER_DATA",
        data.toString(),
        "ARBITER_KUBERNETES_ENABLED",
        "true",
        "ARBITER_WEBHOOK_CLIENT_CA",
        cluster.webhookClientCa().toString());
  }

  @BeforeAll
  void startClusterAndService() throws Exception {
    Path root = Files.createTempDirectory("arbiter-real-cluster");
    dataDir = Files.createDirectories(root.resolve("service"));
    reservePorts();
    cluster = RealCluster.start(root.resolve("cluster"), httpsPort);
    // Before the service: its first scheduler sync puts LocalQueues into them.
    cluster.namespaces(namespaces().toArray(String[]::new));
    if (withKueue()) {
      cluster.installKueue();
    }
    Map<String, Object> props = new HashMap<>(propertiesOnReservedPorts(dataDir));
    props.put("arbiter.kubernetes.enabled", "true");
    props.put("arbiter.auth.demo-tokens", "allow"); // approvers act with demo tokens (loopback)
    props.put("arbiter.kubernetes.kubeconfig", cluster.controlPlane().kubeconfigFile().toString());
    props.putAll(serviceProperties());
    service = ApplicationContext.run(EmbeddedServer.class, props);
    cluster.registerWebhooks(httpsPort, dataDir.resolve("tls/ca.crt"));
  }

  @AfterAll
  void stopServiceAndCluster() {
    if (service != null) {
      service.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The corpus's GPU batch Job (2 pods × 1 GPU, kai__batch-job.yaml), named, in a namespace. */
  protected static ObjectNode batchJob(String namespace, String name) {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__batch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("name", name).put("namespace", namespace);
    return job;
  }

  /** The batch/v1 Jobs of a namespace, through the API server. */
  protected NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs(String namespace) {
    return cluster.client().batch().v1().jobs().inNamespace(namespace);
  }

  /** Creates a Job (as a user would, through the API server and so through the webhooks). */
  protected void createJob(ObjectNode job) {
    jobs(job.path("metadata").path("namespace").asText())
        .resource(Serialization.unmarshal(job.toString(), Job.class))
        .create();
  }

  protected SnapshotArbiter arbiter() {
    return service.getApplicationContext().getBean(SnapshotArbiter.class);
  }

  protected boolean charged(String key) {
    return arbiter().snapshot().charge(key).isPresent();
  }

  /** The keys charged in a namespace now. */
  protected List<String> chargedIn(String namespace) {
    return arbiter().snapshot().charges().stream()
        .filter(c -> c.workload().namespace().equals(namespace))
        .map(Charge::workload)
        .map(w -> w.uid())
        .sorted()
        .toList();
  }

  /** POSTs a review to the validating webhook as the API server would (its client certificate). */
  protected HttpResponse<String> asApiServer(byte[] review) throws Exception {
    HttpClient c =
        HttpClient.newBuilder().sslContext(trustingOurCa(cluster.apiServerClientKeys())).build();
    return c.send(
        HttpRequest.newBuilder(uri("https", "/admission/validate"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(review))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
