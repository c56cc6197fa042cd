package io.gpuarbiter.api.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gpuarbiter.api.admission.TestCertificates;
import io.gpuarbiter.testing.TestData;
import io.gpuarbiter.testing.cluster.Binaries;
import io.gpuarbiter.testing.cluster.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real Kueue manager (v0.19.2, built from its Go module) as a process against a {@link
 * RealCluster}: its CRDs from the test data applied server-side, its own webhook server on a local
 * port with a certificate from a throwaway CA, and the batch/v1 Job defaulting webhook (which
 * suspends a queued Job at creation) registered at that port, as Kueue's own manifests register it
 * in a cluster. Kueue's internal certificate management is off; its metrics server then reads
 * {@code /etc/kueue/metrics/certs} (a path compiled into Kueue), so a throwaway certificate is put
 * there when none is.
 */
final class RealKueue {
  private static final Path METRICS_CERTS = Path.of("/etc/kueue/metrics/certs");

  private RealKueue() {}

  static void install(ControlPlane cp, KubernetesClient client, Path dir) throws Exception {
    long started = System.nanoTime();
    applyCrds(client, "crds/kueue");
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("kueue-system")
                .endMetadata()
                .build())
        .serverSideApply();
    TestCertificates.Issued ca = TestCertificates.ca("kueue-test-ca");
    TestCertificates.Issued serving = TestCertificates.server(ca, "127.0.0.1");
    Path certs = Files.createDirectories(dir.resolve("kueue-certs"));
    String key = ControlPlane.pem("PRIVATE KEY", serving.keys().getPrivate().getEncoded());
    Files.writeString(certs.resolve("tls.crt"), serving.pem());
    Files.writeString(certs.resolve("tls.key"), key);
    if (!Files.isRegularFile(METRICS_CERTS.resolve("tls.crt"))) {
      Files.createDirectories(METRICS_CERTS);
      Files.writeString(METRICS_CERTS.resolve("tls.crt"), serving.pem());
      Files.writeString(METRICS_CERTS.resolve("tls.key"), key);
    }
    int webhookPort = ControlPlane.freePort();
    int healthPort = ControlPlane.freePort();
    Path config =
        Files.writeString(
            dir.resolve("kueue-config.yaml"),
            """
            apiVersion: config.kueue.x-k8s.io/v1beta2
            kind: Configuration
            namespace: kueue-system
            health: {healthProbeBindAddress: "127.0.0.1:%d"}
            metrics: {bindAddress: "127.0.0.1:%d"}
            webhook: {host: 127.0.0.1, port: %d, certDir: %s}
            leaderElection: {leaderElect: false}
            internalCertManagement: {enable: false}
            featureGates: {VisibilityOnDemand: false}
            integrations:
              frameworks: [batch/job]
            """
                .formatted(healthPort, ControlPlane.freePort(), webhookPort, certs));
    cp.launch(
        "kueue",
        List.of(
            Binaries.locate().kueue().toString(),
            "--config=" + config,
            "--kubeconfig=" + cp.kubeconfigFile()));
    awaitReady(healthPort);
    registerJobWebhook(client, webhookPort, ca.pem());
    System.out.printf(
        "Kueue ready in %d ms (CRDs applied, manager healthy, Job webhook registered)%n",
        (System.nanoTime() - started) / 1_000_000);
  }

  private static void awaitReady(int healthPort) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest readyz =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz")).build();
    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .until(() -> http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  /** Applies the CRDs of a test-data directory server-side and waits until each is established. */
  static void applyCrds(KubernetesClient client, String directory) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(TestData.resolve(directory))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        for (HasMetadata o : client.load(in).items()) {
          client.resource(o).forceConflicts().serverSideApply();
          String name = o.getMetadata().getName();
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(name)
              .waitUntilCondition(RealKueue::established, 1, java.util.concurrent.TimeUnit.MINUTES);
        }
      }
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }

  /** Kueue's Job defaulting webhook: a Job with a queue name is created suspended. */
  private static void registerJobWebhook(KubernetesClient client, int port, String caPem) {
    client
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("kueue-job-defaulting")
                .endMetadata()
                .addNewWebhook()
                .withName("mbatch-v1-job.kb.io")
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withFailurePolicy("Fail")
                .withNewClientConfig()
                .withUrl("https://127.0.0.1:" + port + "/mutate-batch-v1-job")
                .withCaBundle(
                    Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
                .endClientConfig()
                .addNewRule()
                .withApiGroups("batch")
                .withApiVersions("v1")
                .withOperations("CREATE")
                .withResources("jobs")
                .endRule()
                .endWebhook()
                .build())
        .serverSideApply();
  }
}
