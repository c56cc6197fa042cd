package io.gpuarbiter.ledger.sequencer;

import static io.gpuarbiter.ledger.testing.Drafts.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.testing.PostgresServer;
import io.gpuarbiter.ledger.testing.TestDatabase;
import io.gpuarbiter.ledger.verify.LogAuditor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two pools, two Ledger instances, two sequencer loops) on one PostgreSQL: both
 * append, exactly one integrates at a time, the other takes over when the leader stops, and while
 * entries keep arriving the sequencer keeps signing checkpoints that cover them.
 *
 * <p>Nothing here depends on the machine's speed: the writers run until the test has seen what it
 * waits for, and the waits are bounded only so that a broken sequencer fails instead of hanging.
 */
class TwoSequencersIT {
  /** How long a broken sequencer may keep the test waiting: a failure bound, not a speed claim. */
  private static final Duration PATIENCE = Duration.ofMinutes(1);

  private static final int ROUNDS = 3;

  @TempDir Path keys;

  @Test
  void oneLeaderAtATimeBothAppendAndCheckpointsKeepUpWithTheAppends() throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      String url = server.createDatabase("replicas");
      try (TestDatabase dbA = TestDatabase.open(url, 8);
          TestDatabase dbB = TestDatabase.open(url, 8);
          Ledger a = open(dbA);
          Ledger b = open(dbB)) {
        a.startSequencer();
        b.startSequencer();
        ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (Ledger l : List.of(a, b)) {
          Thread t = new Thread(() -> appendWhile(writing, l, ids));
          writers.add(t);
          t.start();
        }
        // Some loop has led once a checkpoint is signed; while both loops run, exactly one of them
        // holds the lock.
        await().atMost(PATIENCE).until(() -> a.latestCheckpoint().isPresent());
        long ra = a.sequencer().runOnce();
        long rb = b.sequencer().runOnce();
        assertThat((ra == -1 ? 1 : 0) + (rb == -1 ? 1 : 0)).as("ra=%d rb=%d", ra, rb).isEqualTo(1);
        Ledger leader = ra == -1 ? b : a;
        Ledger follower = leader == a ? b : a;

        assertCheckpointsKeepUp(List.of(a, b), ids);
        writing.set(false);
        for (Thread t : writers) {
          t.join();
        }

        leader.stopSequencer();
        long late = follower.append(draft(10_000)).queueId();
        long lateAtLeader = leader.append(draft(10_001)).queueId();
        assertThat(follower.awaitSequenced(late, PATIENCE)).isGreaterThanOrEqualTo(0);
        assertThat(leader.awaitSequenced(lateAtLeader, PATIENCE)).isGreaterThanOrEqualTo(0);
        ids.add(late);
        ids.add(lateAtLeader);
        List<Long> seqs = new ArrayList<>();
        for (long id : ids) {
          seqs.add(a.awaitSequenced(id, PATIENCE));
        }
        assertThat(seqs).doesNotHaveDuplicates().hasSize(ids.size());
        assertThat(seqs.stream().mapToLong(Long::longValue).max().orElseThrow())
            .isEqualTo(ids.size() - 1);
        var report =
            new LogAuditor(new NoteVerifier(a.verifierKey()))
                .audit(LogAuditor.fromDatabase(dbA.dataSource(), dbA.dialect()));
        assertThat(report.failures()).isEmpty();
      }
    }
  }

  private Ledger open(TestDatabase db) {
    return Ledger.builder(db.dataSource(), db.dialect())
        .origin("gpu-arbiter.test/replicas")
        .keyDirectory(keys)
        .open();
  }

  private static void appendWhile(
      AtomicBoolean writing, Ledger l, ConcurrentLinkedQueue<Long> ids) {
    int i = 0;
    while (writing.get()) {
      ids.add(l.append(draft(i++)).queueId());
    }
  }

  /**
   * The promise, without a clock: while the writers keep appending, every entry appended before a
   * moment T is soon covered by a signed checkpoint. Each round starts with a marker appended after
   * the previous round's checkpoint was seen, so the rounds see ever larger checkpoints: the
   * sequencer signs again and again during the burst rather than once at its end.
   */
  private static void assertCheckpointsKeepUp(
      List<Ledger> replicas, ConcurrentLinkedQueue<Long> ids) {
    List<Long> sizes = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      ids.add(replicas.get(round % 2).append(draft(20_000 + round)).queueId());
      sizes.add(awaitCheckpointCovering(replicas.get(0), List.copyOf(ids)));
    }
    assertThat(sizes).as("checkpoint sizes seen by the rounds").isSorted().doesNotHaveDuplicates();
  }

  /** Waits until every entry of {@code appended} is in a signed checkpoint; returns its size. */
  private static long awaitCheckpointCovering(Ledger l, List<Long> appended) {
    Set<Long> pending = new HashSet<>(appended);
    AtomicLong highestSeq = new AtomicLong(-1);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> {
          for (Iterator<Long> it = pending.iterator(); it.hasNext(); ) {
            OptionalLong seq = l.sequenceOf(it.next());
            if (seq.isPresent()) {
              highestSeq.accumulateAndGet(seq.getAsLong(), Math::max);
              it.remove();
            }
          }
          assertThat(pending).as("entries appended before the round, not integrated").isEmpty();
        });
    long size = l.latestCheckpoint().orElseThrow().checkpoint().size();
    assertThat(size)
        .as("latest checkpoint covers seq %d", highestSeq.get())
        .isGreaterThan(highestSeq.get());
    return size;
  }
}
