package io.gpuarbiter.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingIdentitiesTest {
  private static final UserId BEN = new UserId("ben");

  /** Counts the calls that reach the directory, and can be made to fail. */
  private static final class CountingIdentities implements Identities {
    volatile StaticIdentities directory = new StaticIdentities(DemoModel.model().directory());
    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();

    /** Adds a user to a group, as an administrator would in the provider. */
    void moveTo(UserId id, String group) {
      List<User> users =
          directory.users().stream().map(u -> u.id().equals(id) ? withGroup(u, group) : u).toList();
      directory = new StaticIdentities(new Directory(users));
    }

    private static User withGroup(User u, String group) {
      Set<String> groups = new LinkedHashSet<>(u.groups());
      groups.add(group);
      return new User(u.id(), u.displayName(), groups, u.roles());
    }

    @Override
    public Optional<User> user(UserId id) {
      return count(() -> directory.user(id));
    }

    @Override
    public List<User> membersOf(String group) {
      return count(() -> directory.membersOf(group));
    }

    @Override
    public List<User> users() {
      return count(directory::users);
    }

    private <T> T count(java.util.function.Supplier<T> call) {
      calls.incrementAndGet();
      if (down.get()) {
        throw new IdentityException(IdentityException.Reason.UNAVAILABLE, "directory down");
      }
      return call.get();
    }
  }

  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final CountingIdentities directory = new CountingIdentities();
  private final ManualClock clock = new ManualClock();
  private final CachingIdentities cache =
      new CachingIdentities(directory, Duration.ofSeconds(30), clock);

  @Test
  void answersWithinThePeriodComeFromTheCache() {
    User first = cache.user(BEN).orElseThrow();
    clock.now = clock.now.plusSeconds(29);
    assertThat(cache.user(BEN)).contains(first);
    assertThat(cache.groupsOf(BEN)).contains("nlp-leads");
    assertThat(directory.calls).hasValue(1);
  }

  @Test
  void anAnswerIsAskedAgainOnceThePeriodHasPassed() {
    cache.membersOf("gpu-council");
    clock.now = clock.now.plusSeconds(31);
    assertThat(cache.membersOf("gpu-council")).hasSize(3);
    assertThat(directory.calls).hasValue(2);
  }

  @Test
  void usersGroupsAndUnknownUsersAreCachedSeparately() {
    cache.users();
    cache.membersOf("nlp");
    cache.membersOf("finance");
    assertThat(cache.user(new UserId("nobody"))).isEmpty();
    assertThat(cache.user(new UserId("nobody"))).isEmpty();
    assertThat(directory.calls).hasValue(4);
  }

  @Test
  void aMembershipChangeShowsOnTheFirstReadAfterThePeriod() {
    assertThat(cache.membersOf("nlp-leads")).extracting(User::id).containsExactly(BEN);
    directory.moveTo(new UserId("ada"), "nlp-leads");
    clock.now = clock.now.plusSeconds(29);
    assertThat(cache.membersOf("nlp-leads")).extracting(User::id).containsExactly(BEN);
    clock.now = clock.now.plusSeconds(2);
    assertThat(cache.membersOf("nlp-leads"))
        .extracting(User::id)
        .containsExactly(new UserId("ada"), BEN);
  }

  @Test
  void whenARefreshFailsTheLastDirectoryIsServedAndAskedAgainOnePeriodLater() {
    var before = cache.directory();
    Instant loaded = clock.now;
    directory.down.set(true);
    clock.now = clock.now.plusSeconds(31);
    assertThat(cache.directory()).isEqualTo(before);
    assertThat(cache.directory()).isEqualTo(before);
    assertThat(directory.calls).as("one failed attempt per period, not per read").hasValue(2);
    assertThat(cache.failedRefreshes()).isEqualTo(1);
    assertThat(cache.directoryLoadedAt()).contains(loaded);

    directory.down.set(false);
    clock.now = clock.now.plusSeconds(31);
    assertThat(cache.directory()).isEqualTo(before);
    assertThat(directory.calls).hasValue(3);
    assertThat(cache.directoryLoadedAt()).contains(clock.now);
  }

  @Test
  void aDirectoryNeverLoadedHasNoLoadTime() {
    directory.down.set(true);
    assertThatThrownBy(cache::directory).isInstanceOf(IdentityException.class);
    assertThat(cache.directoryLoadedAt()).isEmpty();
  }

  @Test
  void theNumberOfCachedAnswersIsBounded() {
    CachingIdentities small = new CachingIdentities(directory, Duration.ofSeconds(30), clock, 2);
    for (int i = 0; i < 20; i++) {
      small.membersOf("group-" + i);
    }
    assertThat(small.cachedAnswers()).isLessThanOrEqualTo(2);
  }

  @Test
  void failuresAreNotCached() {
    directory.down.set(true);
    assertThatThrownBy(() -> cache.user(BEN)).isInstanceOf(IdentityException.class);
    directory.down.set(false);
    assertThat(cache.user(BEN)).isPresent();
    assertThat(directory.calls).hasValue(2);
  }

  @Test
  void invalidateForgetsEverything() {
    cache.user(BEN);
    cache.invalidate();
    cache.user(BEN);
    assertThat(directory.calls).hasValue(2);
  }
}
