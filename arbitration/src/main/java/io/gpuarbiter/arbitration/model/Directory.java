package io.gpuarbiter.arbitration.model;

import java.util.List;
import java.util.Optional;

/** Who is who: the static directory of the embedded default, or a snapshot taken from Keycloak. */
public record Directory(List<User> users) {
  public Directory {
    users = List.copyOf(users);
  }

  public Optional<User> user(UserId id) {
    return users.stream().filter(u -> u.id().equals(id)).findFirst();
  }

  public List<User> membersOf(String group) {
    return users.stream().filter(u -> u.groups().contains(group)).toList();
  }
}
