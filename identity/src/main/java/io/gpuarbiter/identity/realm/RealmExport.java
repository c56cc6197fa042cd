package io.gpuarbiter.identity.realm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.arbitration.model.AuthorityRule;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.User;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Keycloak realm export of GPU Arbiter, derived from a governance model so that the realm and
 * the embedded default's static directory cannot drift apart: realm roles = the GPU Arbiter roles;
 * groups = every group of the directory and of the authority rules; users = the directory, with the
 * same ids, groups and roles and the demo password; clients {@value DemoRealm#CLI_CLIENT} and
 * {@value DemoRealm#SERVICE_CLIENT} (see {@link DemoRealm}).
 */
public final class RealmExport {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Characters Keycloak's person-name validator refuses in first and last names. */
  static final Pattern NOT_IN_PERSON_NAMES =
      Pattern.compile("[<>&\"\\v$%!#?§;*~/\\\\|^=\\[\\]{}()\\p{Cntrl}]");

  private static final Map<Role, String> ROLE_DESCRIPTIONS =
      Map.of(
          Role.VIEWER, "Read quotas, reservations, decisions and reports.",
          Role.REQUESTER, "Submit quota requests, reservations and policy exceptions.",
          Role.APPROVER,
              "Decide requests routed to the user's groups by the authority rules (never their own).",
          Role.ADMIN, "Change the governance model and the service's configuration.",
          Role.AUDITOR, "Read the whole ledger, checkpoints and proofs.");

  private RealmExport() {}

  /** The realm export as pretty-printed JSON, ending with a newline. */
  public static String json(GovernanceModel model) {
    try {
      return JSON.writeValueAsString(build(model)).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the realm export", e);
    }
  }

  /** The realm export as a JSON tree. */
  public static ObjectNode build(GovernanceModel model) {
    ObjectNode realm = NODES.objectNode();
    realm.put("realm", DemoRealm.REALM);
    realm.put("displayName", "GPU Arbiter");
    realm.put("enabled", true);
    realm.put("sslRequired", "external");
    realm.put("registrationAllowed", false);
    realm.put("editUsernameAllowed", false);
    realm.put("bruteForceProtected", false);
    realm.put("defaultSignatureAlgorithm", "RS256");
    realm.put("accessTokenLifespan", 900);
    ArrayNode roles = realm.putObject("roles").putArray("realm");
    for (Role role : Role.values()) {
      roles.addObject().put("name", role.label()).put("description", ROLE_DESCRIPTIONS.get(role));
    }
    ArrayNode groups = realm.putArray("groups");
    for (String group : groups(model)) {
      groups.addObject().put("name", group).put("path", "/" + group);
    }
    ArrayNode clients = realm.putArray("clients");
    clients.add(cliClient());
    clients.add(serviceClient());
    ArrayNode users = realm.putArray("users");
    model.directory().users().stream()
        .sorted(Comparator.comparing(u -> u.id().value()))
        .forEach(user -> users.add(user(user)));
    users.add(serviceAccount());
    realm
        .putObject("components")
        .putArray("org.keycloak.userprofile.UserProfileProvider")
        .addObject()
        .put("providerId", "declarative-user-profile")
        .<ObjectNode>set("subComponents", NODES.objectNode())
        .putObject("config")
        .putArray("kc.user.profile.config")
        .add(UserProfileConfig.build().toString());
    return realm;
  }

  /** Every group a user is in or an authority rule names (approvers, vetoes), sorted. */
  public static SortedSet<String> groups(GovernanceModel model) {
    SortedSet<String> groups = new TreeSet<>();
    model.directory().users().forEach(u -> groups.addAll(u.groups()));
    for (AuthorityRule rule : model.authority()) {
      groups.add(rule.approverGroup());
      groups.addAll(rule.vetoGroups());
    }
    return groups;
  }

  /** First and last name for Keycloak: the display name split at its first space, cleaned. */
  static String[] personName(User user) {
    String clean =
        NOT_IN_PERSON_NAMES.matcher(user.displayName()).replaceAll("").replaceAll("\\s+", " ");
    clean = clean.strip();
    int space = clean.indexOf(' ');
    if (space < 0) {
      String only = clean.isEmpty() ? user.id().value() : clean;
      return new String[] {only, only};
    }
    return new String[] {clean.substring(0, space), clean.substring(space + 1)};
  }

  private static ObjectNode user(User user) {
    String[] name = personName(user);
    ObjectNode node = NODES.objectNode();
    node.put("username", user.id().value());
    node.put("enabled", true);
    node.put("email", user.id().value() + "@" + DemoRealm.DEMO_EMAIL_DOMAIN);
    node.put("emailVerified", true);
    node.put("firstName", name[0]);
    node.put("lastName", name[1]);
    node.putObject("attributes").putArray(DemoRealm.DISPLAY_NAME_ATTRIBUTE).add(user.displayName());
    node.putArray("credentials")
        .addObject()
        .put("type", "password")
        .put("value", DemoRealm.DEMO_PASSWORD)
        .put("temporary", false);
    ArrayNode roles = node.putArray("realmRoles");
    user.roles().stream().map(Role::label).sorted().forEach(roles::add);
    ArrayNode groups = node.putArray("groups");
    user.groups().stream().sorted().forEach(g -> groups.add("/" + g));
    node.putArray("requiredActions");
    return node;
  }

  private static ObjectNode serviceAccount() {
    ObjectNode node = NODES.objectNode();
    node.put("username", "service-account-" + DemoRealm.SERVICE_CLIENT);
    node.put("enabled", true);
    node.put("serviceAccountClientId", DemoRealm.SERVICE_CLIENT);
    node.putObject("clientRoles")
        .putArray("realm-management")
        .add("view-users")
        .add("query-users")
        .add("query-groups");
    return node;
  }

  private static ObjectNode cliClient() {
    ObjectNode client = client(DemoRealm.CLI_CLIENT, "GPU Arbiter CLI and curl");
    client.put("publicClient", true);
    client.put("directAccessGrantsEnabled", true);
    client.put("serviceAccountsEnabled", false);
    return client;
  }

  private static ObjectNode serviceClient() {
    ObjectNode client = client(DemoRealm.SERVICE_CLIENT, "GPU Arbiter service");
    client.put("publicClient", false);
    client.put("clientAuthenticatorType", "client-secret");
    client.put("secret", DemoRealm.SERVICE_CLIENT_SECRET);
    client.put("directAccessGrantsEnabled", false);
    client.put("serviceAccountsEnabled", true);
    return client;
  }

  private static ObjectNode client(String clientId, String name) {
    ObjectNode client = NODES.objectNode();
    client.put("clientId", clientId);
    client.put("name", name);
    client.put("enabled", true);
    client.put("protocol", "openid-connect");
    client.put("standardFlowEnabled", false);
    client.put("implicitFlowEnabled", false);
    client.put("fullScopeAllowed", true);
    ArrayNode mappers = client.putArray("protocolMappers");
    mappers
        .addObject()
        .put("name", "groups")
        .put("protocol", "openid-connect")
        .put("protocolMapper", "oidc-group-membership-mapper")
        .put("consentRequired", false)
        .putObject("config")
        .put("claim.name", "groups")
        .put("full.path", "false")
        .put("access.token.claim", "true")
        .put("id.token.claim", "true")
        .put("userinfo.token.claim", "true")
        .put("introspection.token.claim", "true");
    mappers
        .addObject()
        .put("name", "gpu-arbiter-audience")
        .put("protocol", "openid-connect")
        .put("protocolMapper", "oidc-audience-mapper")
        .put("consentRequired", false)
        .putObject("config")
        .put("included.client.audience", DemoRealm.SERVICE_CLIENT)
        .put("access.token.claim", "true")
        .put("id.token.claim", "false")
        .put("introspection.token.claim", "true");
    return client;
  }
}
