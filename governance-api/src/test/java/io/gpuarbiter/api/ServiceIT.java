package io.gpuarbiter.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.api.boot.ArbiterSettings;
import io.gpuarbiter.api.boot.Bootstrap;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts the real service on its embedded defaults (demo model, H2 file database, generated TLS)
 * exactly as main() prepares it, and talks to it over plain HTTP and verified HTTPS.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceIT implements TestPropertyProvider {
  private int httpPort;
  private int httpsPort;
  private Path dataDir;

  @Override
  public Map<String, String> getProperties() {
    try {
      dataDir = Files.createTempDirectory("arbiter-it");
      httpPort = freePort();
      httpsPort = freePort();
      ArbiterSettings settings = ArbiterSettings.from(Map.of("ARBITER_DATA", dataDir.toString()));
      Map<String, String> props = new HashMap<>();
      Bootstrap.prepare(settings, Instant.now()).forEach((k, v) -> props.put(k, v.toString()));
      props.put("micronaut.server.port", Integer.toString(httpPort));
      props.put("micronaut.server.ssl.port", Integer.toString(httpsPort));
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void healthAndReadinessAreUp() throws Exception {
    assertThat(get("http", httpPort, "/health").body()).contains("\"status\":\"UP\"");
    assertThat(get("http", httpPort, "/health/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void modelEndpointListsTheDemoTeamsOverVerifiedHttps() throws Exception {
    HttpResponse<String> response = get("https", httpsPort, "/api/v1/model");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"organization\":{\"name\":\"northwind-ai\"")
        .contains("\"id\":\"nlp\"", "\"id\":\"assistant\"", "\"id\":\"playground\"")
        .contains("\"gpuModel\":\"H100-80GB\"");
  }

  @Test
  void caCertificateIsWrittenToTheDataDirectory() {
    assertThat(dataDir.resolve("tls/ca.crt")).content().startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void openApiDocumentDescribesTheModelEndpoint() throws Exception {
    String doc = get("http", httpPort, "/openapi/gpu-arbiter-v1.yml").body();
    assertThat(doc).contains("openapi: 3.").contains("/api/v1/model:");
  }

  @Test
  void prometheusMetricsAreExposed() throws Exception {
    HttpResponse<String> response = get("http", httpPort, "/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge");
  }

  private HttpResponse<String> get(String scheme, int port, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trustingOurCa()).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + port + path)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private SSLContext trustingOurCa() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dataDir.resolve("tls/ca.crt"))) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
