package io.gpuarbiter.api.security;

import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.identity.TokenIdentity;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.security.token.DefaultRolesFinder;
import io.micronaut.security.token.RolesFinder;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Roles come from {@code realm_access.roles}, where Keycloak puts realm roles (the embedded demo
 * tokens use the same shape); only GPU Arbiter's five roles count.
 */
@Singleton
@Replaces(DefaultRolesFinder.class)
public class RealmRolesFinder implements RolesFinder {
  @Override
  @NonNull
  public List<String> resolveRoles(@NonNull Map<String, Object> attributes) {
    try {
      return TokenIdentity.fromClaims(attributes).roles().stream().map(Role::label).toList();
    } catch (IllegalArgumentException e) {
      return List.of(); // a token without a user id grants nothing
    }
  }
}
