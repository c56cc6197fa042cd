package io.gpuarbiter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTP plumbing: clients, readiness, and the service's token and ledger endpoints. */
final class Http {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Http() {}

  /** An HTTP/1.1 client on virtual threads. */
  static HttpClient client() throws Exception {
    return client(null, HttpClient.Version.HTTP_1_1);
  }

  /** {@code n} clients, so {@code n} connections (a JDK client pools its own). */
  static List<HttpClient> clients(Path ca, HttpClient.Version version, int n) throws Exception {
    List<HttpClient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(client(ca, version));
    }
    return out;
  }

  /**
   * A client on virtual threads offering {@code version} (over TLS, HTTP/2 is negotiated by ALPN
   * and multiplexes requests on few connections); trusting only {@code ca} when given.
   */
  static HttpClient client(Path ca, HttpClient.Version version) throws Exception {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(version)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor());
    if (ca != null) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      try (InputStream in = Files.newInputStream(ca)) {
        ks.setCertificateEntry(
            "arbiter-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      b.sslContext(ssl);
    }
    return b.build();
  }

  /** Polls {@code health} until it answers 200; fails if {@code p} exits or after 120 s. */
  static void waitUp(HttpClient c, URI health, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(health + ": process exited with " + p.exitValue());
      }
      try {
        if (get(c, health, null).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(health + " not up after 120 s");
  }

  static HttpResponse<String> get(HttpClient c, URI uri, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String token(HttpClient c, String base) throws Exception {
    HttpResponse<String> r =
        c.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/demo-token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ivan\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("access_token").asText();
  }

  /**
   * Tree size once the sequencer has integrated everything queued: the service's {@code
   * arbiter_ledger_pending_entries} gauge at 0 (builds without that gauge: the size unchanged for 5
   * s, which a slow sequencer round can fool).
   */
  static long settle(HttpClient c, String base, String token) throws Exception {
    long last = -1;
    long since = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      double pending = pendingEntries(c, base);
      long size = treeSize(c, base, token);
      if (pending == 0) {
        return size;
      }
      if (size != last) {
        last = size;
        since = System.nanoTime();
      } else if (Double.isNaN(pending) && System.nanoTime() - since > TimeUnit.SECONDS.toNanos(5)) {
        return size;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the ledger did not settle within 120 s (size " + last + ")");
  }

  private static long treeSize(HttpClient c, String base, String token) throws Exception {
    String body = get(c, URI.create(base + "/api/v1/ledger/checkpoint"), token).body();
    return Long.parseLong(body.split("\n")[1].trim());
  }

  /** The sequencer backlog the service reports; NaN if it does not publish the gauge. */
  private static double pendingEntries(HttpClient c, String base) throws Exception {
    return ServerMetrics.gauge(ServerMetrics.scrape(c, base), "arbiter_ledger_pending_entries");
  }

  /** Entries in [from, to) of the tree: {admission, everything else}. */
  static long[] countKinds(HttpClient c, String base, String token, long from, long to)
      throws Exception {
    long admission = 0;
    long other = 0;
    long next = from;
    while (next < to) {
      JsonNode page =
          JSON.readTree(
              get(c, URI.create(base + "/api/v1/ledger/entries?limit=1000&from=" + next), token)
                  .body());
      JsonNode entries = page.path("entries");
      if (entries.isEmpty()) {
        break;
      }
      for (JsonNode e : entries) {
        long s = e.path("seq").asLong();
        if (s < from || s >= to) {
          continue;
        }
        if (e.path("kind").asText().equals("admission")) {
          admission++;
        } else {
          other++;
        }
      }
      if (page.path("nextFrom").isNull() || page.path("nextFrom").isMissingNode()) {
        break;
      }
      next = page.path("nextFrom").asLong();
    }
    return new long[] {admission, other};
  }
}
