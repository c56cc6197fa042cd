package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.identity.keycloak.KeycloakServer;
import io.gpuarbiter.identity.keycloak.RealmAdmin;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keycloak mode follows the realm without a restart. With the service running against a real
 * Keycloak, an administrator adds eli to product-heads through the Admin REST API; within the
 * refresh period (2 s here) the next NeedsApproval of an assistant workload is routed to dana and
 * eli, and so is the assistant team's next quota request. When Keycloak then goes away, approvals
 * are still routed by the last directory it gave.
 */
class KeycloakDirectoryIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "gpu-arbiter-service-demo-secret";
  private static final Duration REFRESH = Duration.ofSeconds(2);
  private static final Pattern FAILURES =
      Pattern.compile("(?m)^arbiter_identity_refresh_failures_total\\S* (\\S+)$");
  private static final String ASK =
      "{\"kind\":\"quota-change\",\"team\":\"assistant\",\"pool\":\"h100\",\"desired\":14,"
          + "\"justification\":\"launch traffic\"}";

  private final AtomicInteger workloads = new AtomicInteger();

  @Test
  void anApproverAddedInKeycloakIsRoutedToWithoutARestart() throws Exception {
    try (KeycloakServer keycloak = KeycloakServer.startFromBuild()) {
      dataDir = Files.createTempDirectory("arbiter-keycloak-directory");
      Map<String, Object> props = new HashMap<>(properties(dataDir));
      props.put("arbiter.auth.mode", "keycloak");
      props.put("arbiter.auth.keycloak.url", keycloak.baseUrl().toString());
      props.put("arbiter.auth.keycloak.client-secret", SECRET);
      props.put(
          "micronaut.security.token.jwt.signatures.jwks.keycloak.url",
          keycloak.issuer("gpu-arbiter") + "/protocol/openid-connect/certs");
      props.put("arbiter.identity.refresh", REFRESH.toSeconds() + "s");
      try (EmbeddedServer app = ApplicationContext.run(EmbeddedServer.class, props)) {
        followTheRealm(keycloak);
      }
    }
  }

  private void followTheRealm(KeycloakServer keycloak) throws Exception {
    String dana = KeycloakFlowIT.login(keycloak, "dana");
    String eli = KeycloakFlowIT.login(keycloak, "eli");
    String mia = KeycloakFlowIT.login(keycloak, "mia");
    assertThat(route(dana, admitBeyondQuota())).containsExactly("dana");
    assertThat(askedRoute(mia)).containsExactly("dana");

    new RealmAdmin(keycloak).addToGroup("eli", "product-heads");

    // each attempt is a new workload, so each NeedsApproval opens its own ticket
    JsonNode ticket =
        await("the next NeedsApproval is routed to eli")
            .atMost(REFRESH.multipliedBy(15))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> ticket(dana, admitBeyondQuota()), t -> routeOf(t).contains("eli"));
    assertThat(routeOf(ticket)).containsExactly("dana", "eli");
    assertThat(getWithToken(eli, "/api/v1/approvals/inbox").body())
        .contains(ticket.path("id").asText());
    assertThat(askedRoute(mia)).containsExactly("dana", "eli");

    keycloak.close();
    await("a directory refresh fails")
        .atMost(REFRESH.multipliedBy(15))
        .pollInterval(Duration.ofMillis(500))
        .until(this::refreshFailures, failures -> failures >= 1);
    assertThat(route(dana, admitBeyondQuota()))
        .as("routed by the last directory Keycloak gave")
        .containsExactly("dana", "eli");
  }

  /** A new assistant-prod vLLM workload beyond quota (NeedsApproval); returns its review uid. */
  private String admitBeyondQuota() throws Exception {
    ObjectNode review =
        (ObjectNode)
            JSON.readTree(
                Files.readAllBytes(
                    Path.of("..", "deploy", "demo", "reviews", "vllm-lws-assistant-prod.json")));
    String name = "vllm-" + workloads.incrementAndGet();
    String uid = "directory-" + name;
    ObjectNode request = review.with("request");
    request.put("uid", uid).put("name", name);
    request.with("object").with("metadata").put("name", name).put("uid", uid + "-object");
    JsonNode answer =
        JSON.readTree(post("https", "/admission/validate", JSON.writeValueAsBytes(review)).body());
    assertThat(answer.path("response").path("allowed").asBoolean()).as(answer.toString()).isFalse();
    return uid;
  }

  /** The workload ticket the review opened, as the API shows it. */
  private JsonNode ticket(String token, String reviewUid) throws Exception {
    JsonNode requests =
        JSON.readTree(getWithToken(token, "/api/v1/requests?team=assistant&limit=1000").body());
    for (JsonNode r : requests) {
      if (r.path("justification").asText().contains("(review " + reviewUid + ")")) {
        return r;
      }
    }
    throw new AssertionError("no ticket for review " + reviewUid + " in " + requests);
  }

  private List<String> route(String token, String reviewUid) throws Exception {
    return routeOf(ticket(token, reviewUid));
  }

  /** Who a quota request of the assistant team would go to (validateOnly: nothing is created). */
  private List<String> askedRoute(String token) throws Exception {
    JsonNode preview =
        JSON.readTree(postWithToken(token, "/api/v1/requests?validateOnly=true", ASK).body());
    return routeOf(preview);
  }

  private static List<String> routeOf(JsonNode requestOrPreview) {
    List<String> approvers = new ArrayList<>();
    requestOrPreview.path("route").path("approvers").forEach(a -> approvers.add(a.asText()));
    return approvers;
  }

  private double refreshFailures() throws Exception {
    Matcher m = FAILURES.matcher(get("http", "/prometheus").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
