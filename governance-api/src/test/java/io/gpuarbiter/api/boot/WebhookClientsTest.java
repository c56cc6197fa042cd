package io.gpuarbiter.api.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster mode does not start with an unauthenticated admission webhook, unless told to. */
class WebhookClientsTest {
  @Test
  void clusterModeWithoutAClientCaIsAProblem() {
    ArbiterSettings s = ArbiterSettings.from(Map.of("ARBITER_KUBERNETES_ENABLED", "true"));
    assertThat(s.problems())
        .singleElement()
        .asString()
        .contains("needs ARBITER_WEBHOOK_CLIENT_CA")
        .contains("ARBITER_WEBHOOK_CLIENT_AUTH=off");
  }

  @Test
  void clusterModeWithAClientCaOrAnExplicitOffStarts() {
    assertThat(
            ArbiterSettings.from(
                    Map.of(
                        "ARBITER_KUBERNETES_ENABLED", "true",
                        "ARBITER_WEBHOOK_CLIENT_CA", "/etc/arbiter/apiserver-ca.pem"))
                .problems())
        .isEmpty();
    assertThat(
            ArbiterSettings.from(
                    Map.of(
                        "ARBITER_KUBERNETES_ENABLED", "true", "ARBITER_WEBHOOK_CLIENT_AUTH", "off"))
                .problems())
        .isEmpty();
  }

  @Test
  void theEmbeddedDefaultNeedsNoClientCertificates() {
    ArbiterSettings s = ArbiterSettings.from(Map.of());
    assertThat(s.problems()).isEmpty();
    assertThat(s.webhookClients().required()).isFalse();
  }

  @Test
  void allowedNamesAreAList() {
    ArbiterSettings s =
        ArbiterSettings.from(
            Map.of("ARBITER_WEBHOOK_CLIENT_NAMES", " kube-apiserver , , apiserver-2"));
    assertThat(s.webhookClients().names()).containsExactly("kube-apiserver", "apiserver-2");
  }
}
