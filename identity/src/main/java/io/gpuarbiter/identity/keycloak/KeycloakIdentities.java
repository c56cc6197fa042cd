package io.gpuarbiter.identity.keycloak;

import static io.gpuarbiter.identity.keycloak.AdminApi.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.Identities;
import io.gpuarbiter.identity.IdentityException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Identities} over Keycloak's Admin REST API (no admin-client library: plain {@link
 * HttpClient} and Jackson). Uncached: every call is a few HTTP round trips, so wrap it in a {@link
 * io.gpuarbiter.identity.CachingIdentities} for use on a request path.
 *
 * <p>Mapping: user id = Keycloak {@code username}; display name = the user attribute {@code
 * displayName}, else first and last name, else the user name; groups = the names of the user's
 * groups; roles = the user's effective realm roles (direct, composite or through groups) that are
 * GPU Arbiter roles. Service accounts and users whose name is not a valid {@link UserId} are left
 * out. Groups are looked up as top-level groups by name, as the realm export lays them out
 * (sub-groups are not searched).
 */
public final class KeycloakIdentities implements Identities {
  static final String DISPLAY_NAME_ATTRIBUTE = "displayName";
  private static final int PAGE = 100;
  private static final String SERVICE_ACCOUNT_PREFIX = "service-account-";
  private static final Comparator<User> BY_ID = Comparator.comparing(u -> u.id().value());

  private final AdminApi api;

  /** Uses a new {@link HttpClient} with the settings' connect timeout and the system clock. */
  public KeycloakIdentities(KeycloakSettings settings) {
    this(
        settings,
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        Clock.systemUTC());
  }

  /**
   * @param http the client to use (its connect timeout applies; request timeouts come from the
   *     settings)
   * @param clock decides when the service-account token is renewed
   */
  public KeycloakIdentities(KeycloakSettings settings, HttpClient http, Clock clock) {
    this.api =
        new AdminApi(
            Objects.requireNonNull(settings, "settings"),
            Objects.requireNonNull(http, "http"),
            Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public Optional<User> user(UserId id) {
    JsonNode found =
        api.get("/users?exact=true&briefRepresentation=false&username=" + segment(id.value()));
    for (JsonNode user : found) {
      if (id.value().equals(user.path("username").asText())) {
        return toUser(user);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<User> membersOf(String group) {
    if (group.isBlank() || group.contains("/")) {
      return List.of();
    }
    Optional<JsonNode> found = api.find("/group-by-path/" + segment(group));
    if (found.isEmpty()) {
      return List.of();
    }
    String groupId = text(found.get(), "id");
    return pages("/groups/" + segment(groupId) + "/members?briefRepresentation=false").stream()
        .map(this::toUser)
        .flatMap(Optional::stream)
        .sorted(BY_ID)
        .toList();
  }

  @Override
  public List<User> users() {
    return pages("/users?briefRepresentation=false").stream()
        .map(this::toUser)
        .flatMap(Optional::stream)
        .sorted(BY_ID)
        .toList();
  }

  private Optional<User> toUser(JsonNode user) {
    String username = user.path("username").asText("");
    if (username.startsWith(SERVICE_ACCOUNT_PREFIX) || user.hasNonNull("serviceAccountClientId")) {
      return Optional.empty();
    }
    UserId id;
    try {
      id = new UserId(username);
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty(); // a user name the engine cannot represent is nobody it can route to
    }
    String keycloakId = segment(text(user, "id"));
    Set<String> groups = new LinkedHashSet<>();
    for (JsonNode group : pages("/users/" + keycloakId + "/groups?briefRepresentation=true")) {
      groups.add(text(group, "name"));
    }
    Set<Role> roles = new LinkedHashSet<>();
    for (JsonNode role : api.get("/users/" + keycloakId + "/role-mappings/realm/composite")) {
      Role.fromLabel(role.path("name").asText()).ifPresent(roles::add);
    }
    return Optional.of(new User(id, displayName(user, username), groups, roles));
  }

  private List<JsonNode> pages(String path) {
    List<JsonNode> all = new ArrayList<>();
    String separator = path.contains("?") ? "&" : "?";
    for (int first = 0; ; first += PAGE) {
      JsonNode page = api.get(path + separator + "first=" + first + "&max=" + PAGE);
      if (!page.isArray()) {
        throw new IdentityException(
            IdentityException.Reason.PROTOCOL, "expected a JSON array from Keycloak for " + path);
      }
      page.forEach(all::add);
      if (page.size() < PAGE) {
        return all;
      }
    }
  }

  private static String displayName(JsonNode user, String username) {
    JsonNode attribute = user.path("attributes").path(DISPLAY_NAME_ATTRIBUTE).path(0);
    if (attribute.isTextual() && !attribute.asText().isBlank()) {
      return attribute.asText();
    }
    String name =
        (user.path("firstName").asText("") + " " + user.path("lastName").asText("")).strip();
    return name.isEmpty() ? username : name;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new IdentityException(
          IdentityException.Reason.PROTOCOL, "Keycloak sent an object without '" + field + "'");
    }
    return value.asText();
  }
}
