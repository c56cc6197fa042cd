package io.gpuarbiter.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.Identities;
import io.gpuarbiter.identity.IdentityException;
import io.gpuarbiter.identity.IdentityException.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelFactoryTest {
  @Test
  void aKeycloakThatCannotBeReachedAtStartMeansNoApproverYet() {
    assertThat(ModelFactory.realmDirectory(failing(Reason.UNAVAILABLE)).users()).isEmpty();
  }

  @Test
  void refusedCredentialsAtStartStopTheStart() {
    assertThatThrownBy(() -> ModelFactory.realmDirectory(failing(Reason.REJECTED)))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("REJECTED");
  }

  private static Identities failing(Reason reason) {
    return new Identities() {
      @Override
      public Optional<User> user(UserId id) {
        throw new IdentityException(reason, "Keycloak " + reason);
      }

      @Override
      public List<User> membersOf(String group) {
        throw new IdentityException(reason, "Keycloak " + reason);
      }

      @Override
      public List<User> users() {
        throw new IdentityException(reason, "Keycloak " + reason);
      }
    };
  }
}
