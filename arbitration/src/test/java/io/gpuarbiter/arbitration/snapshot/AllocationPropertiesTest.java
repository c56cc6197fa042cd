package io.gpuarbiter.arbitration.snapshot;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.testing.Invariants;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.RandomRequests;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of admission and release under random sequences. Each run is seeded from a fixed list;
 * the seed is in the test's name and every failure message, and {@code -Dfuzz.seed=N} runs only
 * seed N (to replay a failure or try another sequence).
 */
class AllocationPropertiesTest {
  private static final ArbitrationEngine ENGINE = new ArbitrationEngine();
  private static final int STEPS = 400;

  static LongStream seeds() {
    Long replay = Long.getLong("fuzz.seed");
    return replay != null
        ? LongStream.of(replay)
        : LongStream.rangeClosed(1, 25).map(i -> i * 7919L);
  }

  /** The demo with tight borrowing limits, so that every limit binds somewhere. */
  static GovernanceSnapshot tight() {
    return Snapshots.of(
        Models.aModel()
            .quotas(
                List.of(
                    Models.quota("nlp", "h100", "4", "1", "2"),
                    Models.quota("vision", "h100", "4", "1", null),
                    Models.quota("search", "h100", "2", null, "1"),
                    Models.quota("serving", "h100", "2", "1", null),
                    Models.quota("nlp", "a100", "2", "1", null),
                    Models.quota("vision", "a100", "2", "2", null),
                    Models.quota("serving", "a100", "2", null, null),
                    Models.quota("nlp", "l4", "4", "2", null),
                    Models.quota("serving", "l4", "4", null, null)))
            .build());
  }

  private static RandomGenerator generator(long seed) {
    return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
  }

  @ParameterizedTest(name = "seed={0} (replay with -Dfuzz.seed={0})")
  @MethodSource("seeds")
  void noSequenceOfAdmissionsAndReleasesBreaksAPromise(long seed) {
    RandomGenerator rnd = generator(seed);
    GovernanceSnapshot s = seed % 2 == 0 ? Snapshots.demo() : tight();
    List<String> running = new ArrayList<>();
    int admitted = 0;
    for (int step = 0; step < STEPS; step++) {
      Instant now = NOW.plusSeconds(step * 60L);
      if (!running.isEmpty() && rnd.nextInt(3) == 0) {
        s = s.release(running.remove(rnd.nextInt(running.size())), now);
      } else {
        Decision d = ENGINE.decide(RandomRequests.next(rnd, step), s, now);
        if (d instanceof Admitted a) {
          s = s.admit(a.charge());
          running.add(a.charge().workload().uid());
          admitted++;
        }
      }
      assertThat(Invariants.violations(s, now)).as("seed %d, step %d", seed, step).isEmpty();
    }
    assertThat(admitted).as("seed %d admits something", seed).isPositive();
  }

  @ParameterizedTest(name = "seed={0} (replay with -Dfuzz.seed={0})")
  @MethodSource("seeds")
  void releaseReturnsExactlyWhatAdmissionCharged(long seed) {
    RandomGenerator rnd = generator(seed);
    GovernanceSnapshot s = Snapshots.demo();
    for (int step = 0; step < STEPS / 4; step++) {
      Decision d = ENGINE.decide(RandomRequests.next(rnd, step), s, NOW);
      if (!(d instanceof Admitted a)) {
        continue;
      }
      GovernanceSnapshot after = s.admit(a.charge()).release(a.charge().workload().uid(), NOW);
      String where = "seed " + seed + ", step " + step + ", " + a.charge();
      assertThat(after.teamUsages()).as(where).isEqualTo(withZeros(s, after));
      for (Pool pool : s.index().pools()) {
        assertThat(after.poolUsage(pool.id())).as(where).isEqualTo(s.poolUsage(pool.id()));
      }
      assertThat(after.charges()).as(where).hasSameSizeAs(s.charges());
      assertThat(s.admit(a.charge()).charge(a.charge().workload().uid()))
          .as(where)
          .contains(a.charge());
      s = s.admit(a.charge());
    }
  }

  @ParameterizedTest(name = "seed={0} (replay with -Dfuzz.seed={0})")
  @MethodSource("seeds")
  void wholeFractionalAndMigDemandAreChargedAlike(long seed) {
    RandomGenerator rnd = generator(seed);
    GovernanceSnapshot s = Snapshots.demo();
    Gpue charged = Gpue.ZERO;
    for (int step = 0; step < STEPS / 4; step++) {
      Decision d = ENGINE.decide(RandomRequests.next(rnd, step), s, NOW);
      if (d instanceof Admitted a) {
        s = s.admit(a.charge());
        charged = charged.plus(a.charge().total());
        assertThat(a.charge().total())
            .as("seed %d: placement %s charged %s", seed, a.placement(), a.charge())
            .isEqualTo(a.basis().requested());
      }
    }
    Gpue used = Gpue.ZERO;
    for (Pool pool : s.index().pools()) {
      used = used.plus(s.poolUsage(pool.id()).used());
    }
    assertThat(used).as("seed %d: pools hold the sum of all charges", seed).isEqualTo(charged);
  }

  /** Usage maps keep released keys at zero; compare with the same keys. */
  private static java.util.Map<TeamPool, TeamUsage> withZeros(
      GovernanceSnapshot before, GovernanceSnapshot after) {
    java.util.Map<TeamPool, TeamUsage> out = new java.util.HashMap<>(before.teamUsages());
    after.teamUsages().keySet().forEach(k -> out.putIfAbsent(k, TeamUsage.NONE));
    return out;
  }

  @ParameterizedTest(name = "seed={0} (replay with -Dfuzz.seed={0})")
  @MethodSource("seeds")
  void admittingAllAtOnceEqualsAdmittingOneByOne(long seed) {
    RandomGenerator rnd = generator(seed);
    GovernanceSnapshot s = seed % 2 == 0 ? Snapshots.demo() : tight();
    List<io.gpuarbiter.arbitration.snapshot.Charge> charges = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      Instant now = NOW.plusSeconds(step * 60L);
      if (ENGINE.decide(RandomRequests.next(rnd, step), s, now) instanceof Admitted a) {
        s = s.admit(a.charge());
        charges.add(a.charge());
      }
    }
    GovernanceSnapshot empty = seed % 2 == 0 ? Snapshots.demo() : tight();
    GovernanceSnapshot all = empty.admitAll(charges);
    assertThat(all.charges()).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(s.charges());
    assertThat(all.teamUsages()).as("seed %d", seed).isEqualTo(s.teamUsages());
    for (Pool pool : s.index().pools()) {
      assertThat(all.poolUsage(pool.id())).as("seed %d", seed).isEqualTo(s.poolUsage(pool.id()));
    }
    assertThat(all.admitAll(charges).teamUsages()).as("again: skipped").isEqualTo(s.teamUsages());
  }
}
