package io.gpuarbiter.identity;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded cache (Caffeine) in front of another {@link Identities}, so that routing an approval
 * does not cost a round of Admin REST calls per request.
 *
 * <p>An answer (including "unknown user") is asked again once it is older than {@code refresh}, by
 * the first read after that, in the reading thread, which then gets the new answer: a membership
 * change in the provider shows after at most {@code refresh}. When that refresh fails, the last
 * answer is kept and served (the failure is logged and counted, and the next attempt comes one
 * period later), so an unreachable provider never turns known approvers into nobody. A first lookup
 * that fails is not cached: it throws, and the next call asks again.
 */
public final class CachingIdentities implements Identities {
  /** Default bound on cached answers (users, groups and the whole directory together). */
  public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

  private static final System.Logger LOG = System.getLogger(CachingIdentities.class.getName());

  private final Identities delegate;
  private final Clock clock;
  private final LoadingCache<Lookup, Answer> cache;
  private final AtomicLong failedRefreshes = new AtomicLong();

  /** What is cached. */
  private sealed interface Lookup {}

  private record UserLookup(UserId id) implements Lookup {}

  private record GroupLookup(String group) implements Lookup {}

  private record Everyone() implements Lookup {}

  private static final Lookup EVERYONE = new Everyone();

  /** A cached answer and when the provider gave it. */
  private record Answer(Object value, Instant loadedAt) {}

  public CachingIdentities(Identities delegate, Duration refresh, Clock clock) {
    this(delegate, refresh, clock, DEFAULT_MAXIMUM_SIZE);
  }

  /**
   * @param refresh how old an answer may get before it is asked again (positive)
   * @param clock the cache's time source, so tests can move time
   * @param maximumSize at most this many answers are kept; the least used go first
   */
  public CachingIdentities(Identities delegate, Duration refresh, Clock clock, long maximumSize) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(refresh, "refresh");
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("refresh must be positive: " + refresh);
    }
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .refreshAfterWrite(refresh)
            .ticker(this::nanos)
            .executor(Runnable::run) // refresh in the reading thread: it sees the new answer
            .build(new Loader());
  }

  @Override
  public Optional<User> user(UserId id) {
    return cast(cache.get(new UserLookup(id)).value());
  }

  @Override
  public List<User> membersOf(String group) {
    return cast(cache.get(new GroupLookup(group)).value());
  }

  @Override
  public List<User> users() {
    return cast(cache.get(EVERYONE).value());
  }

  /** The whole directory, as recent as {@link #users()}. */
  @Override
  public Directory directory() {
    return new Directory(users());
  }

  /** When the provider last answered for the whole directory; empty if it never did. */
  public Optional<Instant> directoryLoadedAt() {
    return Optional.ofNullable(cache.policy().getIfPresentQuietly(EVERYONE)).map(Answer::loadedAt);
  }

  /** Refreshes that failed and left the last answer in place, since start. */
  public long failedRefreshes() {
    return failedRefreshes.get();
  }

  /** How many answers are cached now (at most the maximum size). */
  public long cachedAnswers() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Forgets everything, e.g. after an administrator changed memberships. */
  public void invalidate() {
    cache.invalidateAll();
  }

  private final class Loader implements CacheLoader<Lookup, Answer> {
    @Override
    public Answer load(Lookup key) {
      Instant now = clock.instant();
      Object value =
          switch (key) {
            case UserLookup u -> delegate.user(u.id());
            case GroupLookup g -> delegate.membersOf(g.group());
            case Everyone e -> delegate.users();
          };
      return new Answer(value, now);
    }

    @Override
    public Answer reload(Lookup key, Answer last) {
      try {
        return load(key);
      } catch (IdentityException e) {
        failedRefreshes.incrementAndGet();
        LOG.log(
            Level.WARNING,
            "identity provider not reachable ({0}): keeping the answer of {1} for {2}: {3}",
            e.reason(),
            last.loadedAt(),
            key,
            e.getMessage());
        // stored again as a new write, so the next attempt waits one period
        return new Answer(last.value(), last.loadedAt());
      }
    }
  }

  private long nanos() {
    Instant now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }

  @SuppressWarnings("unchecked") // each lookup type is only ever stored with one value type
  private static <T> T cast(Object value) {
    return (T) value;
  }
}
