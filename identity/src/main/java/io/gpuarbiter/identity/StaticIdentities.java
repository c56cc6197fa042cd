package io.gpuarbiter.identity;

import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The embedded default: the static directory of the governance model. Never fails. */
public final class StaticIdentities implements Identities {
  private static final Comparator<User> BY_ID = Comparator.comparing(u -> u.id().value());

  private final Directory directory;

  public StaticIdentities(Directory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  @Override
  public Optional<User> user(UserId id) {
    return directory.user(id);
  }

  @Override
  public List<User> membersOf(String group) {
    return directory.membersOf(group).stream().sorted(BY_ID).toList();
  }

  @Override
  public List<User> users() {
    return directory.users().stream().sorted(BY_ID).toList();
  }

  @Override
  public Directory directory() {
    return directory;
  }
}
