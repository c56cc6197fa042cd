package io.gpuarbiter.identity;

import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is who: users, their groups and GPU Arbiter roles, and the members of a group (approver
 * lookup). Implementations: {@link StaticIdentities} over the model's directory (embedded default)
 * and {@code KeycloakIdentities} over Keycloak's Admin REST API; {@link CachingIdentities} puts a
 * short-lived cache in front of either.
 *
 * <p>A user id is the identity provider's user name: Keycloak's {@code username}, which is the
 * {@code preferred_username} claim of its tokens (not {@code sub}, which Keycloak sets to an
 * internal UUID). Groups are plain names without a leading slash, as in the model. Roles are only
 * the five GPU Arbiter roles; other roles the provider knows are left out.
 *
 * <p>Methods throw {@link IdentityException} when the directory cannot be asked (network, timeout,
 * credentials, unexpected answer); "no such user" or "no such group" is an empty result, not an
 * error.
 */
public interface Identities {

  /** The user with this id, or empty if the directory does not know it. */
  Optional<User> user(UserId id);

  /** The members of a group, ordered by user id; empty if the group is unknown or has none. */
  List<User> membersOf(String group);

  /** Every user of the directory, ordered by user id (service accounts excluded). */
  List<User> users();

  /** The groups of a user; empty if the user is unknown. */
  default Set<String> groupsOf(UserId id) {
    return user(id).map(User::groups).orElse(Set.of());
  }

  /** The GPU Arbiter roles of a user; empty if the user is unknown. */
  default Set<Role> rolesOf(UserId id) {
    return user(id).map(User::roles).orElse(Set.of());
  }

  /** A snapshot of the whole directory, in the engine's terms. */
  default Directory directory() {
    return new Directory(users());
  }
}
