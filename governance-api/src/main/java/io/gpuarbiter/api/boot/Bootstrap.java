package io.gpuarbiter.api.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepares the data directory (database location, TLS material) and turns the settings into the
 * Micronaut properties the application starts with. Used by {@code main} and by the tests, so both
 * run the service the same way.
 */
public final class Bootstrap {
  private Bootstrap() {}

  public static Map<String, Object> prepare(ArbiterSettings settings, Instant now)
      throws IOException {
    Path data = settings.dataDir();
    Files.createDirectories(data);
    TlsMaterial tls = TlsMaterial.ensure(data.resolve("tls"), settings.tlsHosts(), now);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("arbiter.model", settings.model());
    settings
        .keycloakJwks()
        .ifPresent(
            url -> props.put("micronaut.security.token.jwt.signatures.jwks.keycloak.url", url));
    if (settings.model().equals(ArbiterSettings.DEMO_MODEL) && !settings.policyDataGiven()) {
      // The demo organisation's policy parameters (its namespaces, registries, caps).
      props.put("arbiter.policies.data", "classpath:model/demo/policy-data.json");
    }
    props.put("arbiter.data-dir", data.toString());
    props.put("arbiter.tls.ca-certificate", tls.caCertificate().toString());
    props.put("micronaut.server.ssl.key-store.path", "file:" + tls.keystore());
    props.put("micronaut.server.ssl.key-store.password", tls.password());
    props.put("micronaut.server.ssl.key-store.type", "PKCS12");
    props.putAll(WebhookClientAuth.properties(settings.webhookClients(), data.resolve("tls")));
    if (settings.database().isPresent()) {
      // PostgreSQL in production: one database shared by the replicas.
      ArbiterSettings.Database db = settings.database().get();
      props.put("datasources.default.url", db.url());
      props.put("datasources.default.driver-class-name", "org.postgresql.Driver");
      props.put("datasources.default.username", db.user());
      props.put("datasources.default.password", db.password());
      // Every wait on the database is bounded, so a GPU review is denied promptly when it is
      // gone and never allowed late: a free connection within 250 ms, a new one within 1 s, no
      // answer from the server for 5 s ends the statement (kube-apiserver waits at most 30 s).
      props.put("datasources.default.connection-timeout", "250");
      props.put("datasources.default.validation-timeout", "250");
      props.put("datasources.default.data-source-properties.connectTimeout", "1");
      props.put("datasources.default.data-source-properties.socketTimeout", "5");
    } else {
      // H2 in file mode under the data directory. The ledger configures commit durability.
      props.put(
          "datasources.default.url",
          "jdbc:h2:file:" + data.resolve("arbiter") + ";DB_CLOSE_ON_EXIT=FALSE");
    }
    return props;
  }
}
