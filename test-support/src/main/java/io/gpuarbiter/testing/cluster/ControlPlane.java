package io.gpuarbiter.testing.cluster;

import io.gpuarbiter.testing.TestData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Kubernetes control plane for integration tests: etcd, kube-apiserver and (optionally)
 * kube-controller-manager and Kueue, each a process of the binary built from its Go module by
 * {@code tools/control-plane/build.sh} (found through that script, which must have built them). No
 * kubelet and no container runtime: Pods stay Pending, but controllers create them, with their
 * {@code ownerReferences}, and every admission webhook is called as in a cluster.
 *
 * <p>Clients authenticate with a static bearer token in {@code system:masters}; the API server's
 * serving certificate is the self-signed one it generates in its certificate directory ({@link
 * #caCertificate()}). Logs of each process go to {@code <dir>/<name>.log}; a process that does not
 * become ready fails the start with the tail of its log.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofMinutes(3);

  private final Path dir;
  private final String token = UUID.randomUUID().toString();
  private final List<Process> processes = new ArrayList<>();
  private final int securePort;

  private ControlPlane(Path dir) throws IOException {
    this.dir = dir;
    this.securePort = freePort();
  }

  /** What to start beside etcd and the API server. */
  public record Options(
      boolean controllerManager, List<String> apiServerArgs, List<String> controllers) {
    public static Options apiServerOnly() {
      return new Options(false, List.of(), List.of());
    }

    /** The API server and the controllers that create the objects a webhook sees from them. */
    public static Options withControllers() {
      return new Options(
          true,
          List.of(),
          List.of(
              "job",
              "replicaset",
              "deployment",
              "statefulset",
              "cronjob",
              "garbagecollector",
              "namespace"));
    }

    /** Extra kube-apiserver flags (e.g. {@code --admission-control-config-file=F}). */
    public Options withApiServerArgs(List<String> args) {
      return new Options(controllerManager, List.copyOf(args), controllers);
    }
  }

  /** Starts etcd and the API server (and what {@code options} asks for) under {@code dir}. */
  public static ControlPlane start(Path dir, Options options) throws IOException {
    Files.createDirectories(dir);
    ControlPlane cp = new ControlPlane(dir);
    long started = System.nanoTime();
    try {
      cp.boot(Binaries.locate(), options);
      // The warm start figure CONTRIBUTING.md quotes comes from this line of the test logs.
      System.out.printf(
          "control plane ready in %d ms (etcd, kube-apiserver%s)%n",
          (System.nanoTime() - started) / 1_000_000,
          options.controllerManager() ? ", kube-controller-manager" : "");
      return cp;
    } catch (IOException | RuntimeException e) {
      cp.close();
      throw e;
    }
  }

  private void boot(Binaries bin, Options options) throws IOException {
    int etcdClient = freePort();
    int etcdPeer = freePort();
    String etcdUrl = "http://127.0.0.1:" + etcdClient;
    String peerUrl = "http://127.0.0.1:" + etcdPeer;
    launch(
        "etcd",
        List.of(
            bin.etcd().toString(),
            "--data-dir=" + dir.resolve("etcd"),
            "--listen-client-urls=" + etcdUrl,
            "--advertise-client-urls=" + etcdUrl,
            "--listen-peer-urls=" + peerUrl,
            "--initial-advertise-peer-urls=" + peerUrl,
            "--initial-cluster=default=" + peerUrl,
            "--unsafe-no-fsync"));
    awaitReady("etcd", URI.create(etcdUrl + "/health"), false);

    writeServiceAccountKeys();
    Files.writeString(dir.resolve("tokens.csv"), token + ",admin,admin,system:masters\n");
    List<String> apiserver =
        new ArrayList<>(
            List.of(
                bin.apiServer().toString(),
                "--etcd-servers=" + etcdUrl,
                "--cert-dir=" + dir.resolve("apiserver-certs"),
                "--secure-port=" + securePort,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--service-cluster-ip-range=10.0.0.0/24",
                "--service-account-issuer=https://127.0.0.1:" + securePort,
                "--service-account-key-file=" + dir.resolve("sa.pub"),
                "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                "--token-auth-file=" + dir.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--disable-admission-plugins=ServiceAccount",
                "--endpoint-reconciler-type=none",
                "--allow-privileged=true"));
    apiserver.addAll(options.apiServerArgs());
    launch("kube-apiserver", apiserver);
    awaitReady("kube-apiserver", url().resolve("/readyz"), true);
    Files.writeString(dir.resolve("kubeconfig"), kubeconfig());

    if (options.controllerManager()) {
      launch(
          "kube-controller-manager",
          List.of(
              bin.controllerManager().toString(),
              "--kubeconfig=" + dir.resolve("kubeconfig"),
              "--controllers=" + String.join(",", options.controllers()),
              "--service-account-private-key-file=" + dir.resolve("sa.key"),
              "--leader-elect=false",
              "--secure-port=0",
              "--use-service-account-credentials=false"));
    }
  }

  /** The API server, e.g. {@code https://127.0.0.1:PORT}. */
  public URI url() {
    return URI.create("https://127.0.0.1:" + securePort);
  }

  /** A bearer token of a cluster administrator. */
  public String token() {
    return token;
  }

  /** The API server's self-signed serving certificate (PEM): what clients trust. */
  public Path caCertificate() {
    return dir.resolve("apiserver-certs").resolve("apiserver.crt");
  }

  /** A kubeconfig for the administrator (what controller processes are started with). */
  public Path kubeconfigFile() {
    return dir.resolve("kubeconfig");
  }

  /** The working directory (logs, etcd data, keys). */
  public Path dir() {
    return dir;
  }

  /** Starts one more process against this control plane (e.g. Kueue); stopped by close. */
  public Process launch(String name, List<String> command) throws IOException {
    Path log = dir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    processes.add(p);
    return p;
  }

  /** The last {@code lines} lines of a process's log, for failure messages. */
  public String logTail(String name, int lines) {
    try {
      List<String> all = Files.readAllLines(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void awaitReady(String name, URI health, boolean apiServer) {
    Instant deadline = Instant.now().plus(READY_WITHIN);
    Process p = processes.get(processes.size() - 1);
    String last = "no answer";
    HttpClient http = apiServer ? null : HttpClient.newHttpClient();
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + p.exitValue() + ":\n" + logTail(name, 40));
      }
      try {
        if (http == null) {
          if (!Files.isRegularFile(caCertificate())) {
            sleep(Duration.ofMillis(250));
            continue; // the API server writes its certificate before it serves
          }
          http = Tls.client(caCertificate());
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5));
        if (apiServer) {
          r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
        last = answer.statusCode() + " " + answer.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + name, e);
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        name + " not ready within " + READY_WITHIN + " (" + last + "):\n" + logTail(name, 40));
  }

  private void writeServiceAccountKeys() throws IOException {
    KeyPair keys;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      keys = g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("RSA is always available", e);
    }
    Files.writeString(dir.resolve("sa.key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    Files.writeString(dir.resolve("sa.pub"), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
  }

  public static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private String kubeconfig() {
    return """
    apiVersion: v1
    kind: Config
    clusters:
    - name: test
      cluster:
        server: %s
        certificate-authority: %s
    users:
    - name: admin
      user:
        token: %s
    contexts:
    - name: test
      context:
        cluster: test
        user: admin
    current-context: test
    """
        .formatted(url(), caCertificate(), token);
  }

  /** Stops every process, the last started first, and waits for each to exit. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    processes.clear();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The repository root: the folder holding {@code testdata/}. */
  static Path repositoryRoot() {
    return TestData.root().getParent();
  }
}
