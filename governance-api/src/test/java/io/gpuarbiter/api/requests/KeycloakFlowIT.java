package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.identity.keycloak.KeycloakServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole path with a real Keycloak (the distribution from Maven Central, the realm export in
 * deploy/keycloak): requester and approver log in with passwords, the quota increase is approved,
 * and the next admission decision uses the new guarantee.
 */
class KeycloakFlowIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "arbiter-demo";
  private static final String SECRET = "gpu-arbiter-service-demo-secret";

  @Test
  void requestApproveAndAdmitWithRealmTokens() throws Exception {
    try (KeycloakServer keycloak = KeycloakServer.startFromBuild()) {
      dataDir = Files.createTempDirectory("arbiter-keycloak");
      Map<String, Object> props = new HashMap<>(properties(dataDir));
      String url = keycloak.baseUrl().toString();
      props.put("arbiter.auth.mode", "keycloak");
      props.put("arbiter.auth.keycloak.url", url);
      props.put("arbiter.auth.keycloak.client-secret", SECRET);
      props.put(
          "micronaut.security.token.jwt.signatures.jwks.keycloak.url",
          keycloak.issuer("gpu-arbiter") + "/protocol/openid-connect/certs");
      try (EmbeddedServer app = ApplicationContext.run(EmbeddedServer.class, props)) {
        flow(keycloak);
      }
    }
  }

  private void flow(KeycloakServer keycloak) throws Exception {
    String ada = login(keycloak, "ada");
    String chen = login(keycloak, "chen");
    String ben = login(keycloak, "ben");
    assertThat(
            post("http", "/api/v1/auth/demo-token", "{\"user\":\"ada\"}".getBytes()).statusCode())
        .as("no demo tokens with Keycloak")
        .isIn(401, 404);

    // separation of duties with realm identities: ben asks, ben cannot approve
    String small =
        "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":13,"
            + "\"justification\":\"eval sweep\"}";
    String own =
        JSON.readTree(postWithToken(ben, "/api/v1/requests", small).body()).path("id").asText();
    assertThat(postWithToken(ben, "/api/v1/requests/" + own + "/approve", "{}").body())
        .contains("approval.self");

    // ada asks 12 → 20 GPUe of H100: routed to the research heads (chen) through the realm
    String ask =
        "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":20,"
            + "\"justification\":\"70B pretraining\"}";
    JsonNode created = JSON.readTree(postWithToken(ada, "/api/v1/requests", ask).body());
    assertThat(created.path("route").path("approvers").toString()).isEqualTo("[\"chen\"]");
    JsonNode approved =
        JSON.readTree(
            postWithToken(
                    chen, "/api/v1/requests/" + created.path("id").asText() + "/approve", "{}")
                .body());
    assertThat(approved.path("state").asText()).isEqualTo("applied");

    // a 20-GPU job of nlp now fits in its guarantee, borrowing nothing
    ObjectNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("namespace", "nlp-train");
    ((ObjectNode) job.at("/spec/pytorchReplicaSpecs/Worker")).put("replicas", 19);
    String answer =
        post("https", "/admission/validate", Reviews.bytes(Reviews.create(job, "kc-job-1"))).body();
    assertThat(answer).contains("\"allowed\":true");
    String usage = getWithToken(ada, "/api/v1/usage").body();
    assertThat(usage)
        .contains(
            "{\"team\":\"nlp\",\"pool\":\"h100\",\"guaranteed\":20,"
                + "\"usedGuaranteed\":20,\"borrowed\":0,");
  }

  static String login(KeycloakServer keycloak, String user) throws Exception {
    String form =
        "grant_type=password&client_id=gpu-arbiter-cli&username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + PASSWORD;
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(keycloak.issuer("gpu-arbiter") + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("access_token").asText();
  }
}
