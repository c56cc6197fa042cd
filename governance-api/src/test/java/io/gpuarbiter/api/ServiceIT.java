package io.gpuarbiter.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.api.testing.ServiceFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The service on its embedded defaults: health, model, OpenAPI, metrics, TLS material. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceIT extends ServiceFixture {
  @Test
  void healthAndReadinessAreUp() throws Exception {
    assertThat(get("http", "/health").body()).contains("\"status\":\"UP\"");
    assertThat(get("http", "/health/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void modelEndpointListsTheDemoTeamsOverVerifiedHttps() throws Exception {
    HttpResponse<String> anonymous = get("https", "/api/v1/model");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> response = getAs("hana", "/api/v1/model");
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
  void openApiDocumentDescribesTheApi() throws Exception {
    String doc = get("http", "/openapi/gpu-arbiter-v1.yml").body();
    assertThat(doc)
        .contains("openapi: 3.")
        .contains("/api/v1/model:", "/api/v1/ledger/checkpoint:", "/admission/validate:");
  }

  @Test
  void schedulerObjectsRenderForTheModelInForce() throws Exception {
    HttpResponse<String> kueue = getAs("hana", "/api/v1/scheduler-objects?target=kueue");
    assertThat(kueue.statusCode()).isEqualTo(200);
    assertThat(kueue.body()).contains("kind: ClusterQueue", "kind: ResourceFlavor", "name: nlp");
    assertThat(getAs("hana", "/api/v1/scheduler-objects?target=slurm").statusCode()).isEqualTo(400);
  }

  @Test
  void prometheusMetricsAreExposed() throws Exception {
    HttpResponse<String> response = get("http", "/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    // Request latency as a histogram, so server-side percentiles can be computed from it.
    assertThat(response.body())
        .contains("# TYPE http_server_requests_seconds histogram")
        .contains("http_server_requests_seconds_bucket{")
        .contains("arbiter_ledger_pending_entries ")
        .contains("arbiter_ledger_tree_size_entries ")
        .contains("arbiter_ledger_appends_per_commit ");
  }

  @Test
  void httpsSpeaksHttp2ToClientsThatOfferItAndHttp11ToTheRest() throws Exception {
    // kube-apiserver calls webhooks over HTTP/2 when the server offers it (ALPN).
    HttpResponse<String> h2 = getOver(HttpClient.Version.HTTP_2, "https", "/health");
    assertThat(h2.statusCode()).isEqualTo(200);
    assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
    HttpResponse<String> h11 = getOver(HttpClient.Version.HTTP_1_1, "https", "/health");
    assertThat(h11.statusCode()).isEqualTo(200);
    assertThat(h11.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(getOver(HttpClient.Version.HTTP_1_1, "http", "/health").statusCode()).isEqualTo(200);
  }
}
