package io.gpuarbiter.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.CachingIdentities;
import io.gpuarbiter.identity.DemoModel;
import io.gpuarbiter.identity.IdentityException;
import io.gpuarbiter.identity.StaticIdentities;
import io.gpuarbiter.identity.realm.DemoRealm;
import io.gpuarbiter.identity.realm.RealmExport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The realm export and the model agree: Keycloak, asked through its Admin REST API as the service
 * account, knows the same users, groups, roles and members as the static directory.
 */
@ExtendWith(KeycloakExtension.class)
class KeycloakIdentitiesIT {
  private static final StaticIdentities MODEL = new StaticIdentities(DemoModel.model().directory());
  private static KeycloakServer server;
  private static KeycloakIdentities keycloak;

  @BeforeAll
  static void connect(KeycloakServer keycloakServer) {
    server = keycloakServer;
    keycloak = new KeycloakIdentities(settings(server.baseUrl(), DemoRealm.SERVICE_CLIENT_SECRET));
  }

  static Stream<Arguments> directoryUsers() {
    return DemoModel.model().directory().users().stream().map(u -> Arguments.of(u.id().value(), u));
  }

  static Stream<Arguments> groups() {
    return RealmExport.groups(DemoModel.model()).stream().map(Arguments::of);
  }

  @Test
  void keycloakHasExactlyTheDirectorysUsersAndNoServiceAccount() {
    assertThat(keycloak.users()).containsExactlyElementsOf(MODEL.users());
  }

  @ParameterizedTest(name = "{0} is the same user in Keycloak as in the model")
  @MethodSource("directoryUsers")
  void eachUserHasTheSameDisplayNameGroupsAndRoles(String id, User user) {
    assertThat(keycloak.user(user.id())).contains(user);
    assertThat(keycloak.groupsOf(user.id())).isEqualTo(user.groups());
    assertThat(keycloak.rolesOf(user.id())).isEqualTo(user.roles());
  }

  @ParameterizedTest(name = "group {0} has the same members in Keycloak as in the model")
  @MethodSource("groups")
  void eachGroupHasTheSameMembers(String group) {
    assertThat(keycloak.membersOf(group)).containsExactlyElementsOf(MODEL.membersOf(group));
  }

  @Test
  void unknownUsersAndGroupsAreEmpty() {
    assertThat(keycloak.user(new UserId("mallory"))).isEmpty();
    assertThat(keycloak.user(new UserId("service-account-gpu-arbiter-service"))).isEmpty();
    assertThat(keycloak.membersOf("no-such-group")).isEmpty();
    assertThat(keycloak.membersOf("nlp/leads")).isEmpty();
  }

  @Test
  void aCacheInFrontAnswersLikeKeycloak() {
    CachingIdentities cached =
        new CachingIdentities(keycloak, Duration.ofSeconds(30), Clock.systemUTC());
    assertThat(cached.membersOf("gpu-council")).isEqualTo(MODEL.membersOf("gpu-council"));
    assertThat(cached.membersOf("gpu-council")).isEqualTo(MODEL.membersOf("gpu-council"));
    assertThat(cached.directory().users()).containsExactlyElementsOf(MODEL.users());
  }

  @Test
  void aWrongClientSecretIsRejectedNotUnavailable() {
    KeycloakIdentities wrong = new KeycloakIdentities(settings(server.baseUrl(), "wrong-secret"));
    assertThatThrownBy(() -> wrong.user(new UserId("ada")))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.reason()).isEqualTo(IdentityException.Reason.REJECTED))
        .hasMessageContaining(DemoRealm.SERVICE_CLIENT)
        .hasMessageNotContaining("wrong-secret");
  }

  @Test
  void aPublicClientCannotActAsAServiceAccount() {
    KeycloakSettings cli =
        KeycloakSettings.of(server.baseUrl(), DemoRealm.REALM, DemoRealm.CLI_CLIENT, "none");
    assertThatThrownBy(() -> new KeycloakIdentities(cli).users())
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.reason()).isEqualTo(IdentityException.Reason.REJECTED));
  }

  @Test
  void aServerThatIsNotThereIsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    KeycloakIdentities absent =
        new KeycloakIdentities(
            settings(
                URI.create("http://127.0.0.1:" + closedPort), DemoRealm.SERVICE_CLIENT_SECRET));
    assertThatThrownBy(() -> absent.membersOf("nlp"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.reason()).isEqualTo(IdentityException.Reason.UNAVAILABLE));
  }

  private static KeycloakSettings settings(URI baseUrl, String secret) {
    return KeycloakSettings.of(baseUrl, DemoRealm.REALM, DemoRealm.SERVICE_CLIENT, secret);
  }
}
