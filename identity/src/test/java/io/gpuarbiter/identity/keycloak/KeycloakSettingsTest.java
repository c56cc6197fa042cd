package io.gpuarbiter.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeycloakSettingsTest {
  private final KeycloakSettings settings =
      KeycloakSettings.of(
          URI.create("https://sso.example.org/"), "gpu-arbiter", "gpu-arbiter-service", "s3cret");

  @Test
  void endpointsAreDerivedFromServerAndRealm() {
    assertThat(settings.issuer()).hasToString("https://sso.example.org/realms/gpu-arbiter");
    assertThat(settings.tokenEndpoint())
        .hasToString("https://sso.example.org/realms/gpu-arbiter/protocol/openid-connect/token");
    assertThat(settings.jwksUri())
        .hasToString("https://sso.example.org/realms/gpu-arbiter/protocol/openid-connect/certs");
    assertThat(settings.adminBase())
        .hasToString("https://sso.example.org/admin/realms/gpu-arbiter");
  }

  @Test
  void defaultTimeoutsAreShort() {
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theSecretIsNeverPrinted() {
    assertThat(settings.toString()).contains("gpu-arbiter-service").doesNotContain("s3cret");
  }

  @Test
  void blankNamesAreRefused() {
    assertThatThrownBy(() -> KeycloakSettings.of(URI.create("http://x"), " ", "c", "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("realm");
  }

  @Test
  void pathSegmentsAreEncoded() {
    assertThat(AdminApi.segment("a b/c")).isEqualTo("a%20b%2Fc");
  }
}
