package io.gpuarbiter.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.ledger.Ledger;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mutual TLS on the admission webhook: only a caller with a client certificate from the configured
 * CA and an allowed name (kube-apiserver) can admit or release; a forged DELETE from anyone else
 * releases nothing. The REST API on the same port still works with tokens alone.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookClientAuthIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestCertificates.Issued CLUSTER_CA =
      issue(() -> TestCertificates.ca("cluster webhook CA"));
  private static final TestCertificates.Issued OTHER_CA =
      issue(() -> TestCertificates.ca("someone else"));

  @Inject Ledger ledger;

  private HttpClient apiserver;
  private HttpClient wrongName;
  private HttpClient foreign;
  private HttpClient anonymous;

  @Override
  protected Map<String, String> environment(Path data) {
    try {
      Path ca = Files.createDirectories(data).resolve("webhook-client-ca.pem");
      Files.writeString(ca, CLUSTER_CA.pem());
      return Map.of(
          "ARBITER_DATA", data.toString(),
          "ARBITER_WEBHOOK_CLIENT_CA", ca.toString(),
          "ARBITER_WEBHOOK_CLIENT_NAMES", "kube-apiserver");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  void clients() throws Exception {
    apiserver = client(TestCertificates.client(CLUSTER_CA, "kube-apiserver").asClient(CLUSTER_CA));
    wrongName = client(TestCertificates.client(CLUSTER_CA, "mallory").asClient(CLUSTER_CA));
    foreign = client(TestCertificates.client(OTHER_CA, "kube-apiserver").asClient(OTHER_CA));
    anonymous = client(null);
  }

  @Test
  void theApiServersCertificateIsAdmittedAndForgedReviewsChangeNothing() throws Exception {
    JsonNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
    HttpResponse<String> admitted = send(apiserver, Reviews.create(job, "mtls-1"));
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);
    assertThat(JSON.readTree(admitted.body()).path("response").path("allowed").asBoolean())
        .isTrue();
    long recorded = recordedSoFar();

    JsonNode forgedDelete = Reviews.review(null, job, "DELETE", "mtls-2", false);
    HttpResponse<String> noCert = send(anonymous, forgedDelete);
    HttpResponse<String> badName = send(wrongName, forgedDelete);
    assertThat(noCert.statusCode()).isEqualTo(403);
    assertThat(noCert.body()).contains("requires kube-apiserver's client certificate");
    assertThat(badName.statusCode()).isEqualTo(403);
    assertThat(badName.body()).contains("names none of the allowed webhook callers");
    // A certificate from another CA is not accepted: the client finds no certificate the server
    // asks for (the server names its trusted CA) and sends none, or the handshake fails.
    assertThat(statusOrHandshakeFailure(foreign, forgedDelete)).isIn(403, -1);
    assertThat(recordedSoFar()).as("nothing released or recorded").isEqualTo(recorded);
  }

  @Test
  void theRestApiOnTheSamePortNeedsNoClientCertificate() throws Exception {
    HttpResponse<String> health =
        anonymous.send(
            HttpRequest.newBuilder(uri("https", "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  /** The answer's status, or -1 when the TLS handshake refuses the client. */
  private int statusOrHandshakeFailure(HttpClient client, JsonNode review) throws Exception {
    try {
      return send(client, review).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Entries in the log once everything appended so far is integrated. */
  private long recordedSoFar() {
    await().atMost(Duration.ofSeconds(30)).until(() -> ledger.entryStore().pendingCount() == 0);
    return ledger.treeSize();
  }

  private HttpResponse<String> send(HttpClient client, JsonNode review) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri("https", "/admission/validate"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Reviews.bytes(review)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient client(KeyManager[] keys) throws Exception {
    return HttpClient.newBuilder().sslContext(trustingOurCa(keys)).build();
  }

  private interface Issuing {
    TestCertificates.Issued issue() throws Exception;
  }

  private static TestCertificates.Issued issue(Issuing issuing) {
    try {
      return issuing.issue();
    } catch (Exception e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
