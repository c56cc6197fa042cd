package io.gpuarbiter.api.testing;

import io.gpuarbiter.api.boot.ArbiterSettings;
import io.gpuarbiter.api.boot.Bootstrap;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
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

/**
 * The real service on its embedded defaults in a fresh data directory, prepared exactly as main()
 * prepares it, with clients for plain HTTP and for HTTPS that trusts only the generated CA. Extend
 * it from a {@code @MicronautTest} class with a per-class test instance.
 */
public abstract class ServiceFixture implements TestPropertyProvider {
  protected int httpPort;
  protected int httpsPort;
  protected Path dataDir;
  private HttpClient client;

  @Override
  public Map<String, String> getProperties() {
    try {
      dataDir = Files.createTempDirectory("arbiter-it");
      return properties(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The service's properties for a data directory, on fresh free ports. */
  protected Map<String, String> properties(Path data) throws IOException {
    reservePorts();
    return propertiesOnReservedPorts(data);
  }

  /**
   * Picks fresh free ports for the next start (e.g. to tell a cluster the webhook's port first).
   */
  protected void reservePorts() throws IOException {
    httpPort = freePort();
    httpsPort = freePort();
  }

  /** The service's properties for a data directory, on the ports {@link #reservePorts} chose. */
  protected Map<String, String> propertiesOnReservedPorts(Path data) throws IOException {
    ArbiterSettings settings = ArbiterSettings.from(environment(data));
    Map<String, String> props = new HashMap<>();
    Bootstrap.prepare(settings, Instant.now()).forEach((k, v) -> props.put(k, v.toString()));
    props.put("micronaut.server.port", Integer.toString(httpPort));
    props.put("micronaut.server.ssl.port", Integer.toString(httpsPort));
    return props;
  }

  /**
   * A service of its own on a PostgreSQL database, configured as an operator does it ({@code
   * ARBITER_DATABASE_URL}), on this fixture's ports.
   */
  protected EmbeddedServer startOnPostgres(Path data, String jdbcUrl) throws Exception {
    Map<String, Object> props = new HashMap<>(properties(data));
    Map<String, String> env =
        Map.of(
            "ARBITER_DATA",
            data.toString(),
            "ARBITER_DATABASE_URL",
            jdbcUrl,
            "ARBITER_DATABASE_USER",
            "postgres");
    props.putAll(Bootstrap.prepare(ArbiterSettings.from(env), Instant.now()));
    props.put("micronaut.server.port", Integer.toString(httpPort));
    props.put("micronaut.server.ssl.port", Integer.toString(httpsPort));
    return ApplicationContext.run(EmbeddedServer.class, props);
  }

  /** The environment the service is started with; a test adds its own variables. */
  protected Map<String, String> environment(Path data) {
    return Map.of("ARBITER_DATA", data.toString());
  }

  protected HttpResponse<String> get(String scheme, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri(scheme, path)).build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** GET as a demo user, with a bearer token from the embedded demo token endpoint. */
  protected HttpResponse<String> getAs(String user, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri("http", path))
            .header("Authorization", "Bearer " + token(user))
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** POST JSON as a demo user; {@code ifMatch} may be null. */
  protected HttpResponse<String> postAs(String user, String path, String json, String ifMatch)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri("http", path))
            .header("Authorization", "Bearer " + token(user))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return client().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST JSON with a bearer token obtained earlier (for concurrent callers). */
  protected HttpResponse<String> postWithToken(String token, String path, String json)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri("http", path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** GET with a bearer token obtained elsewhere (e.g. from Keycloak). */
  protected HttpResponse<String> getWithToken(String token, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri("http", path))
            .header("Authorization", "Bearer " + token)
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A demo token for a directory user (embedded mode). */
  protected String token(String user) throws Exception {
    HttpResponse<String> r =
        post("http", "/api/v1/auth/demo-token", ("{\"user\":\"" + user + "\"}").getBytes());
    if (r.statusCode() != 200) {
      throw new AssertionError("no token for " + user + ": " + r.body());
    }
    String body = r.body();
    int at = body.indexOf("\"access_token\":\"") + 16;
    return body.substring(at, body.indexOf('"', at));
  }

  protected HttpResponse<String> post(String scheme, String path, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri(scheme, path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** GET over one protocol version only (the shared client negotiates HTTP/2 on HTTPS). */
  protected HttpResponse<String> getOver(HttpClient.Version version, String scheme, String path)
      throws Exception {
    HttpClient c = HttpClient.newBuilder().version(version).sslContext(trustingOurCa()).build();
    return c.send(
        HttpRequest.newBuilder(uri(scheme, path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  protected URI uri(String scheme, String path) {
    int port = scheme.equals("https") ? httpsPort : httpPort;
    return URI.create(scheme + "://localhost:" + port + path);
  }

  private synchronized HttpClient client() throws Exception {
    if (client == null) {
      client = HttpClient.newBuilder().sslContext(trustingOurCa()).build();
    }
    return client;
  }

  protected SSLContext trustingOurCa() throws Exception {
    return trustingOurCa(null);
  }

  /** TLS that trusts only the service's CA, presenting the given client keys (may be null). */
  protected SSLContext trustingOurCa(javax.net.ssl.KeyManager[] clientKeys) throws Exception {
    return trusting(dataDir.resolve("tls/ca.crt"), clientKeys);
  }

  /** TLS that trusts only the CA in {@code caFile}, presenting the client keys (may be null). */
  public static SSLContext trusting(Path caFile, javax.net.ssl.KeyManager[] clientKeys)
      throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(clientKeys, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
