package io.gpuarbiter.identity.realm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.DemoModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RealmExportTest {
  private static final GovernanceModel MODEL = DemoModel.model();
  private static final JsonNode REALM = RealmExport.build(MODEL);

  /** Regenerate with {@code -Drealm.update=true}, or run {@code RealmExportGenerator}. */
  @Test
  void committedRealmFileIsWhatTheGeneratorWritesForTheDemoModel() throws Exception {
    String generated = RealmExport.json(MODEL);
    if (Boolean.getBoolean("realm.update")) {
      RealmExportGenerator.write(DemoModel.MODEL_FILE, DemoModel.REALM_FILE);
    }
    assertThat(Files.readString(DemoModel.REALM_FILE, StandardCharsets.UTF_8))
        .as(
            "deploy/keycloak/gpu-arbiter-realm.json is out of date with deploy/demo/model.yaml:"
                + " run ./mvnw -pl identity test -Dtest=RealmExportTest -Drealm.update=true")
        .isEqualTo(generated);
  }

  @Test
  void realmRolesAreTheFiveArbiterRoles() {
    assertThat(texts(REALM.path("roles").path("realm"), "name"))
        .containsExactly("viewer", "requester", "approver", "admin", "auditor");
  }

  @Test
  void groupsAreEveryDirectoryAndAuthorityGroupAtTopLevel() {
    List<String> names = texts(REALM.path("groups"), "name");
    assertThat(names)
        .contains("nlp", "nlp-leads", "research-heads", "product-heads", "platform-heads")
        .contains("department-heads", "gpu-council", "finance", "executives", "audit")
        .contains("platform-admins", "vision", "assistant")
        .isSorted()
        .doesNotHaveDuplicates();
    MODEL.directory().users().forEach(u -> assertThat(names).containsAll(u.groups()));
    MODEL.authority().forEach(r -> assertThat(names).contains(r.approverGroup()));
    assertThat(texts(REALM.path("groups"), "path")).allMatch(p -> names.contains(p.substring(1)));
  }

  static Stream<Arguments> directoryUsers() {
    return MODEL.directory().users().stream().map(u -> Arguments.of(u.id().value(), u));
  }

  @ParameterizedTest(name = "{0} has the model's groups, roles and display name")
  @MethodSource("directoryUsers")
  void everyDirectoryUserIsARealmUserLikeInTheModel(String id, User user) {
    JsonNode realmUser = realmUser(id);
    assertThat(strings(realmUser.path("groups")))
        .containsExactlyInAnyOrderElementsOf(user.groups().stream().map(g -> "/" + g).toList());
    assertThat(strings(realmUser.path("realmRoles")))
        .containsExactlyInAnyOrderElementsOf(user.roles().stream().map(Role::label).toList());
    assertThat(realmUser.path("attributes").path("displayName").path(0).asText())
        .isEqualTo(user.displayName());
    assertThat(realmUser.path("credentials").path(0).path("value").asText())
        .isEqualTo(DemoRealm.DEMO_PASSWORD);
    assertThat(realmUser.path("credentials").path(0).path("temporary").asBoolean()).isFalse();
    assertThat(realmUser.path("email").asText()).isEqualTo(id + "@gpu-arbiter.example");
  }

  @ParameterizedTest(name = "{0}: first and last name pass Keycloak's person-name validator")
  @MethodSource("directoryUsers")
  void firstAndLastNamesAreValidForKeycloak(String id, User user) {
    JsonNode realmUser = realmUser(id);
    for (String field : List.of("firstName", "lastName")) {
      String value = realmUser.path(field).asText();
      assertThat(value).isNotBlank();
      assertThat(RealmExport.NOT_IN_PERSON_NAMES.matcher(value).find())
          .as("%s of %s: %s", field, id, value)
          .isFalse();
    }
  }

  @Test
  void aDisplayNameWithParenthesesKeepsThemOnlyInTheDisplayNameAttribute() {
    User morgan = MODEL.directory().user(new UserId("morgan")).orElseThrow();
    assertThat(morgan.displayName()).isEqualTo("Morgan Reyes (CTO)");
    assertThat(RealmExport.personName(morgan)).containsExactly("Morgan", "Reyes CTO");
    User single = new User(new UserId("x"), "Prince", Set.of(), Set.of());
    assertThat(RealmExport.personName(single)).containsExactly("Prince", "Prince");
  }

  @Test
  void theCliClientIsPublicWithPasswordGrantsAndTheGroupAndAudienceMappers() {
    JsonNode cli = client(DemoRealm.CLI_CLIENT);
    assertThat(cli.path("publicClient").asBoolean()).isTrue();
    assertThat(cli.path("directAccessGrantsEnabled").asBoolean()).isTrue();
    assertMappers(cli);
  }

  @Test
  void theServiceClientIsConfidentialAndItsAccountMayQueryUsersAndGroups() {
    JsonNode service = client(DemoRealm.SERVICE_CLIENT);
    assertThat(service.path("publicClient").asBoolean()).isFalse();
    assertThat(service.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(service.path("secret").asText()).isEqualTo(DemoRealm.SERVICE_CLIENT_SECRET);
    assertMappers(service);
    JsonNode account = realmUser("service-account-gpu-arbiter-service");
    assertThat(account.path("serviceAccountClientId").asText()).isEqualTo(DemoRealm.SERVICE_CLIENT);
    assertThat(strings(account.path("clientRoles").path("realm-management")))
        .contains("view-users", "query-groups");
  }

  @Test
  void theUserProfileManagesDisplayNameAndAllowsTwoLetterUserNames() throws IOException {
    JsonNode provider =
        REALM.path("components").path("org.keycloak.userprofile.UserProfileProvider").path(0);
    assertThat(provider.path("providerId").asText()).isEqualTo("declarative-user-profile");
    JsonNode config =
        new ObjectMapper()
            .readTree(provider.path("config").path("kc.user.profile.config").path(0).asText());
    assertThat(texts(config.path("attributes"), "name"))
        .containsExactly("username", "email", "firstName", "lastName", "displayName");
    JsonNode username = config.path("attributes").path(0);
    assertThat(username.path("validations").path("length").path("min").asInt()).isLessThan(2);
  }

  private static void assertMappers(JsonNode client) {
    JsonNode mappers = client.path("protocolMappers");
    JsonNode groups = find(mappers, "protocolMapper", "oidc-group-membership-mapper");
    assertThat(groups.path("config").path("claim.name").asText()).isEqualTo("groups");
    assertThat(groups.path("config").path("full.path").asText()).isEqualTo("false");
    JsonNode audience = find(mappers, "protocolMapper", "oidc-audience-mapper");
    assertThat(audience.path("config").path("included.client.audience").asText())
        .isEqualTo(DemoRealm.SERVICE_CLIENT);
    assertThat(audience.path("config").path("access.token.claim").asText()).isEqualTo("true");
  }

  private static JsonNode client(String clientId) {
    return find(REALM.path("clients"), "clientId", clientId);
  }

  private static JsonNode realmUser(String username) {
    return find(REALM.path("users"), "username", username);
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    return StreamSupport.stream(array.spliterator(), false)
        .filter(n -> value.equals(n.path(field).asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no element with " + field + " = " + value));
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.path(field).asText()));
    return values;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }
}
