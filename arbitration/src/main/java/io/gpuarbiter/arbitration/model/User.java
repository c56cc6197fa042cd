package io.gpuarbiter.arbitration.model;

import java.util.Set;

/** A member of the directory: identity, groups and roles. */
public record User(UserId id, String displayName, Set<String> groups, Set<Role> roles) {
  public User {
    groups = Set.copyOf(groups);
    roles = Set.copyOf(roles);
  }
}
