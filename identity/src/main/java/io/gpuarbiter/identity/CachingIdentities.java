package io.gpuarbiter.identity;

import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * A short-lived cache in front of another {@link Identities}, so that routing an approval does not
 * cost a round of Admin REST calls per request. Answers (including "unknown user") are kept for
 * {@code ttl}; failures are not cached, the next call asks again. A membership change in the
 * provider shows after at most {@code ttl}.
 */
public final class CachingIdentities implements Identities {
  private final Identities delegate;
  private final Duration ttl;
  private final Clock clock;
  private final ConcurrentMap<String, Entry<?>> entries = new ConcurrentHashMap<>();

  private record Entry<T>(T value, Instant expires) {}

  public CachingIdentities(Identities delegate, Duration ttl, Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    }
  }

  @Override
  public Optional<User> user(UserId id) {
    return cached("user:" + id.value(), () -> delegate.user(id));
  }

  @Override
  public List<User> membersOf(String group) {
    return cached("group:" + group, () -> delegate.membersOf(group));
  }

  @Override
  public List<User> users() {
    return cached("users", delegate::users);
  }

  /** Forgets everything, e.g. after an administrator changed memberships. */
  public void invalidate() {
    entries.clear();
  }

  @SuppressWarnings("unchecked") // each key is only ever stored with one value type
  private <T> T cached(String key, Supplier<T> load) {
    Instant now = clock.instant();
    Entry<?> entry = entries.get(key);
    if (entry != null && now.isBefore(entry.expires())) {
      return (T) entry.value();
    }
    T value = load.get();
    entries.put(key, new Entry<>(value, now.plus(ttl)));
    return value;
  }
}
