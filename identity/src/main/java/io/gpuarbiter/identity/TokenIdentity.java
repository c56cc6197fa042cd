package io.gpuarbiter.identity;

import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.UserId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who a validated access token speaks for, read from its claims the same way for Keycloak tokens
 * and the embedded default's demo tokens.
 *
 * <p>Claim shape (both issuers): {@code preferred_username} = the user id; {@code groups} = group
 * names without a leading slash; {@code realm_access.roles} = realm roles, of which only the five
 * GPU Arbiter roles are kept (Keycloak adds {@code offline_access}, {@code default-roles-…} and the
 * like). Check signature, issuer, audience and expiry before calling this.
 *
 * @param user the user id ({@code preferred_username})
 * @param groups group names, leading slash removed
 * @param roles GPU Arbiter roles granted by the token
 */
public record TokenIdentity(UserId user, Set<String> groups, Set<Role> roles) {
  public static final String USER_CLAIM = "preferred_username";
  public static final String GROUPS_CLAIM = "groups";
  public static final String REALM_ACCESS_CLAIM = "realm_access";
  public static final String ROLES_KEY = "roles";

  public TokenIdentity {
    groups = Set.copyOf(groups);
    roles = Set.copyOf(roles);
  }

  /**
   * Reads the identity from a token's claims (e.g. Nimbus {@code JWTClaimsSet.getClaims()} or
   * Micronaut's {@code Authentication.getAttributes()}).
   *
   * @throws IllegalArgumentException if {@code preferred_username} is missing or not a valid user
   *     id
   */
  public static TokenIdentity fromClaims(Map<String, ?> claims) {
    Object name = claims.get(USER_CLAIM);
    if (!(name instanceof String user) || user.isBlank()) {
      throw new IllegalArgumentException("token has no " + USER_CLAIM + " claim");
    }
    Set<String> groups = new LinkedHashSet<>();
    for (String group : strings(claims.get(GROUPS_CLAIM))) {
      groups.add(group.startsWith("/") ? group.substring(1) : group);
    }
    Set<Role> roles = new LinkedHashSet<>();
    if (claims.get(REALM_ACCESS_CLAIM) instanceof Map<?, ?> realmAccess) {
      for (String label : strings(realmAccess.get(ROLES_KEY))) {
        Role.fromLabel(label).ifPresent(roles::add);
      }
    }
    return new TokenIdentity(new UserId(user), groups, roles);
  }

  /** Whether the token grants this role. */
  public boolean has(Role role) {
    return roles.contains(role);
  }

  private static Collection<String> strings(Object value) {
    if (!(value instanceof Collection<?> values)) {
      return Set.of();
    }
    return values.stream()
        .map(v -> Optional.ofNullable(v).map(Object::toString).orElse(""))
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
