package io.gpuarbiter.api.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gpuarbiter.api.admission.TestCertificates;
import io.gpuarbiter.testing.TestData;
import io.gpuarbiter.testing.cluster.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A real control plane wired to the service as a cluster would be: the API server calls the
 * service's webhooks (registered from {@code deploy/webhook/webhook-configurations.yaml}, the
 * service reference rewritten to the local URL as envtest does) and authenticates to them with a
 * client certificate from its {@code WebhookAdmissionConfiguration} kubeconfig, signed by the CA
 * the service is given as {@code ARBITER_WEBHOOK_CLIENT_CA}.
 */
public final class RealCluster implements AutoCloseable {
  private final ControlPlane controlPlane;
  private final KubernetesClient client;
  private final TestCertificates.Issued clientCa;
  private final TestCertificates.Issued apiServerCert;
  private final Path clientCaFile;

  private RealCluster(
      ControlPlane controlPlane,
      TestCertificates.Issued clientCa,
      TestCertificates.Issued apiServerCert,
      Path clientCaFile)
      throws IOException {
    this.controlPlane = controlPlane;
    this.clientCa = clientCa;
    this.apiServerCert = apiServerCert;
    this.clientCaFile = clientCaFile;
    this.client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(controlPlane.kubeconfigFile())))
            .build();
  }

  /**
   * Starts etcd, kube-apiserver (calling webhooks on {@code webhookPort} with a client certificate)
   * and kube-controller-manager under {@code dir}.
   */
  public static RealCluster start(Path dir, int webhookPort) throws Exception {
    Files.createDirectories(dir);
    TestCertificates.Issued ca = TestCertificates.ca("webhook-client-ca");
    TestCertificates.Issued cert = TestCertificates.client(ca, "kube-apiserver");
    Path caFile = write(dir.resolve("webhook-client-ca.crt"), ca.pem());
    Path certFile = write(dir.resolve("webhook-client.crt"), cert.pem());
    Path keyFile =
        write(
            dir.resolve("webhook-client.key"),
            ControlPlane.pem("PRIVATE KEY", cert.keys().getPrivate().getEncoded()));
    StringBuilder users = new StringBuilder();
    for (String host : List.of("127.0.0.1", "localhost")) {
      users.append(
          """
          - name: "%s:%d"
            user:
              client-certificate: %s
              client-key: %s
          """
              .formatted(host, webhookPort, certFile, keyFile));
    }
    Path webhookKubeconfig =
        write(dir.resolve("webhook-kubeconfig"), "apiVersion: v1\nkind: Config\nusers:\n" + users);
    Path admission =
        write(
            dir.resolve("admission-config.yaml"),
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: AdmissionConfiguration
            plugins:
            - name: ValidatingAdmissionWebhook
              configuration:
                apiVersion: apiserver.config.k8s.io/v1
                kind: WebhookAdmissionConfiguration
                kubeConfigFile: %1$s
            - name: MutatingAdmissionWebhook
              configuration:
                apiVersion: apiserver.config.k8s.io/v1
                kind: WebhookAdmissionConfiguration
                kubeConfigFile: %1$s
            """
                .formatted(webhookKubeconfig));
    ControlPlane cp =
        ControlPlane.start(
            dir.resolve("control-plane"),
            ControlPlane.Options.withControllers()
                .withApiServerArgs(List.of("--admission-control-config-file=" + admission)));
    try {
      return new RealCluster(cp, ca, cert, caFile);
    } catch (IOException | RuntimeException e) {
      cp.close();
      throw e;
    }
  }

  /** The CA that signs the API server's webhook client certificate (ARBITER_WEBHOOK_CLIENT_CA). */
  public Path webhookClientCa() {
    return clientCaFile;
  }

  /** Key managers presenting the API server's webhook client certificate. */
  public javax.net.ssl.KeyManager[] apiServerClientKeys() throws Exception {
    return apiServerCert.asClient(clientCa);
  }

  public KubernetesClient client() {
    return client;
  }

  public ControlPlane controlPlane() {
    return controlPlane;
  }

  /**
   * Registers the project's webhook configurations, pointed at {@code https://127.0.0.1:PORT} with
   * the service's CA ({@code <data>/tls/ca.crt}) as their bundle.
   */
  public void registerWebhooks(int port, Path serviceCa) throws IOException {
    String caBundle = Base64.getEncoder().encodeToString(Files.readAllBytes(serviceCa));
    Path manifest =
        TestData.root().getParent().resolve("deploy/webhook/webhook-configurations.yaml");
    try (InputStream in = Files.newInputStream(manifest)) {
      for (HasMetadata o : client.load(in).items()) {
        if (o instanceof MutatingWebhookConfiguration m) {
          m.getWebhooks().forEach(w -> point(w.getClientConfig(), port, caBundle));
        } else if (o instanceof ValidatingWebhookConfiguration v) {
          v.getWebhooks().forEach(w -> point(w.getClientConfig(), port, caBundle));
        }
        client.resource(o).serverSideApply();
      }
    }
  }

  private static void point(WebhookClientConfig c, int port, String caBundle) {
    String path = c.getService().getPath();
    c.setService(null);
    c.setUrl("https://127.0.0.1:" + port + path);
    c.setCaBundle(caBundle);
  }

  /** Starts the real Kueue manager against this cluster (see {@link RealKueue}). */
  public void installKueue() throws Exception {
    RealKueue.install(controlPlane, client, controlPlane.dir());
  }

  /** Installs the CRDs of a test-data directory (e.g. {@code crds/nim-operator}), established. */
  public void installCrds(String directory) throws Exception {
    RealKueue.applyCrds(client, directory);
  }

  /** Creates the namespaces (no namespace controller admits them otherwise). */
  public void namespaces(String... names) {
    for (String n : names) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(n).endMetadata().build())
          .serverSideApply();
    }
  }

  private static Path write(Path file, String content) throws IOException {
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    client.close();
    controlPlane.close();
  }
}
