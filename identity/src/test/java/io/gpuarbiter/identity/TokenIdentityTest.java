package io.gpuarbiter.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.UserId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenIdentityTest {

  @Test
  void readsAKeycloakShapedTokenAndKeepsOnlyArbiterRoles() {
    Map<String, Object> claims =
        Map.of(
            "sub",
            "1b0c7a52-0000-4000-8000-000000000000",
            "preferred_username",
            "ben",
            "groups",
            List.of("nlp", "/nlp-leads"),
            "realm_access",
            Map.of(
                "roles",
                List.of("approver", "offline_access", "default-roles-gpu-arbiter", "viewer")));
    TokenIdentity identity = TokenIdentity.fromClaims(claims);
    assertThat(identity.user()).isEqualTo(new UserId("ben"));
    assertThat(identity.groups()).containsExactlyInAnyOrder("nlp", "nlp-leads");
    assertThat(identity.roles()).containsExactlyInAnyOrder(Role.APPROVER, Role.VIEWER);
    assertThat(identity.has(Role.APPROVER)).isTrue();
    assertThat(identity.has(Role.ADMIN)).isFalse();
  }

  @Test
  void missingGroupsAndRolesMeanNone() {
    TokenIdentity identity = TokenIdentity.fromClaims(Map.of("preferred_username", "hana"));
    assertThat(identity.groups()).isEmpty();
    assertThat(identity.roles()).isEmpty();
  }

  @Test
  void aTokenWithoutUserNameIsRefused() {
    assertThatThrownBy(() -> TokenIdentity.fromClaims(Map.of("sub", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("preferred_username");
  }
}
