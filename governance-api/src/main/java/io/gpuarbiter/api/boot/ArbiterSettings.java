package io.gpuarbiter.api.boot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the environment says about this instance. Only the composition root reads the environment;
 * everything else is given these values.
 *
 * @param model {@code ARBITER_MODEL}: path of the governance model file; empty = the bundled demo
 * @param dataDir {@code ARBITER_DATA}: database, TLS material and keys (default {@code ./data})
 * @param tlsHosts {@code ARBITER_TLS_HOSTS}: extra DNS names / IPs for the server certificate
 * @param policyDataGiven whether {@code ARBITER_POLICIES_DATA} names the policy parameters
 * @param keycloakJwks the realm's JWKS address in Keycloak mode ({@code ARBITER_AUTH_MODE}, {@code
 *     ARBITER_AUTH_KEYCLOAK_URL}, {@code ARBITER_AUTH_KEYCLOAK_REALM})
 * @param webhookClients who may call the admission webhook (mutual TLS)
 */
public record ArbiterSettings(
    String model,
    Path dataDir,
    List<String> tlsHosts,
    boolean policyDataGiven,
    Optional<String> keycloakJwks,
    Optional<Database> database,
    WebhookClients webhookClients) {

  /** A PostgreSQL database ({@code ARBITER_DATABASE_URL}, {@code _USER}, {@code _PASSWORD}). */
  public record Database(String url, String user, String password) {}

  /**
   * The admission webhook's callers: kube-apiserver presents a client certificate (its {@code
   * WebhookAdmissionConfiguration} kubeconfig) signed by {@code ARBITER_WEBHOOK_CLIENT_CA} (PEM),
   * optionally with one of the names in {@code ARBITER_WEBHOOK_CLIENT_NAMES} (subject CN or DNS
   * name). In cluster mode ({@code ARBITER_KUBERNETES_ENABLED=true}) it is required unless {@code
   * ARBITER_WEBHOOK_CLIENT_AUTH=off} says otherwise.
   */
  public record WebhookClients(Optional<Path> ca, List<String> names, boolean required) {
    public WebhookClients {
      names = List.copyOf(names);
    }

    static WebhookClients from(Map<String, String> env) {
      String ca = env.getOrDefault("ARBITER_WEBHOOK_CLIENT_CA", "").trim();
      List<String> names =
          Arrays.stream(env.getOrDefault("ARBITER_WEBHOOK_CLIENT_NAMES", "").split(","))
              .map(String::trim)
              .filter(n -> !n.isEmpty())
              .toList();
      boolean cluster = "true".equals(env.getOrDefault("ARBITER_KUBERNETES_ENABLED", "false"));
      boolean off = "off".equals(env.getOrDefault("ARBITER_WEBHOOK_CLIENT_AUTH", ""));
      return new WebhookClients(
          ca.isEmpty() ? Optional.empty() : Optional.of(Path.of(ca)), names, cluster && !off);
    }
  }

  /** Settings that contradict each other: the service does not start with any. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (webhookClients.required() && webhookClients.ca().isEmpty()) {
      problems.add(
          "cluster mode (ARBITER_KUBERNETES_ENABLED=true) needs ARBITER_WEBHOOK_CLIENT_CA: the CA"
              + " (PEM) that signs kube-apiserver's webhook client certificate, so that only the"
              + " API server can admit and release workloads (ARBITER_WEBHOOK_CLIENT_AUTH=off"
              + " turns this off)");
    }
    return problems;
  }

  /** The demo organisation, bundled in the service jar (a copy of deploy/demo/model.yaml). */
  public static final String DEMO_MODEL = "classpath:model/demo/model.yaml";

  private static final List<String> DEFAULT_HOSTS =
      List.of("localhost", "127.0.0.1", "::1", "gpu-arbiter", "gpu-arbiter.gpu-arbiter.svc");

  public ArbiterSettings {
    tlsHosts = List.copyOf(tlsHosts);
  }

  public static ArbiterSettings from(Map<String, String> env) {
    String model = env.getOrDefault("ARBITER_MODEL", "").trim();
    Path data = Path.of(env.getOrDefault("ARBITER_DATA", "data").trim()).toAbsolutePath();
    List<String> hosts = new ArrayList<>(DEFAULT_HOSTS);
    String extra = env.getOrDefault("ARBITER_TLS_HOSTS", "");
    Arrays.stream(extra.split(","))
        .map(String::trim)
        .filter(h -> !h.isEmpty() && !hosts.contains(h))
        .forEach(hosts::add);
    boolean policyData = !env.getOrDefault("ARBITER_POLICIES_DATA", "").isBlank();
    String url = env.getOrDefault("ARBITER_DATABASE_URL", "").trim();
    Optional<Database> database =
        url.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Database(
                    url,
                    env.getOrDefault("ARBITER_DATABASE_USER", "gpu_arbiter"),
                    env.getOrDefault("ARBITER_DATABASE_PASSWORD", "")));
    return new ArbiterSettings(
        model.isEmpty() ? DEMO_MODEL : model,
        data,
        hosts,
        policyData,
        keycloakJwks(env),
        database,
        WebhookClients.from(env));
  }

  /** The realm's JWKS address when {@code ARBITER_AUTH_MODE=keycloak}. */
  static Optional<String> keycloakJwks(Map<String, String> env) {
    if (!"keycloak".equals(env.getOrDefault("ARBITER_AUTH_MODE", "embedded"))) {
      return Optional.empty();
    }
    String url = env.getOrDefault("ARBITER_AUTH_KEYCLOAK_URL", "").replaceAll("/+$", "");
    String realm = env.getOrDefault("ARBITER_AUTH_KEYCLOAK_REALM", "gpu-arbiter");
    return url.isEmpty()
        ? Optional.empty()
        : Optional.of(url + "/realms/" + realm + "/protocol/openid-connect/certs");
  }
}
