package io.gpuarbiter.ledger.sequencer;

import static io.gpuarbiter.ledger.testing.Drafts.draft;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.SignedCheckpoint;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.testing.PostgresServer;
import io.gpuarbiter.ledger.testing.TestDatabase;
import io.gpuarbiter.ledger.verify.LogAuditor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two pools, two Ledger instances, two sequencer loops) on one PostgreSQL: both
 * append, exactly one integrates at a time, the other takes over when the leader stops, and
 * checkpoints come at least every second while entries arrive.
 */
class TwoSequencersIT {

  @TempDir Path keys;

  @Test
  void oneLeaderAtATimeBothAppendAndCheckpointsEverySecond() throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      String url = server.createDatabase("replicas");
      try (TestDatabase dbA = TestDatabase.open(url, 8);
          TestDatabase dbB = TestDatabase.open(url, 8);
          Ledger a = open(dbA);
          Ledger b = open(dbB)) {
        a.startSequencer();
        b.startSequencer();
        ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (Ledger l : List.of(a, b)) {
          Thread t = new Thread(() -> appendFor(l, Duration.ofMillis(3500), ids));
          writers.add(t);
          t.start();
        }
        Thread.sleep(1000);
        // While both loops run, exactly one of them holds the lock.
        long ra = a.sequencer().runOnce();
        long rb = b.sequencer().runOnce();
        assertThat((ra == -1 ? 1 : 0) + (rb == -1 ? 1 : 0)).as("ra=%d rb=%d", ra, rb).isEqualTo(1);
        Ledger leader = ra == -1 ? b : a;
        Ledger follower = leader == a ? b : a;
        for (Thread t : writers) {
          t.join();
        }
        assertCheckpointCadence(a);

        leader.stopSequencer();
        long late = follower.append(draft(10_000)).queueId();
        long lateAtLeader = leader.append(draft(10_001)).queueId();
        assertThat(follower.awaitSequenced(late, Duration.ofSeconds(10))).isGreaterThanOrEqualTo(0);
        assertThat(leader.awaitSequenced(lateAtLeader, Duration.ofSeconds(10)))
            .isGreaterThanOrEqualTo(0);
        ids.add(late);
        ids.add(lateAtLeader);
        List<Long> seqs = new ArrayList<>();
        for (long id : ids) {
          seqs.add(a.awaitSequenced(id, Duration.ofSeconds(10)));
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

  private static void appendFor(Ledger l, Duration d, ConcurrentLinkedQueue<Long> ids) {
    long end = System.nanoTime() + d.toNanos();
    int i = 0;
    while (System.nanoTime() < end) {
      ids.add(l.append(draft(i++)).queueId());
    }
  }

  /** Between the first and last checkpoint of the burst, no gap exceeds one second. */
  private static void assertCheckpointCadence(Ledger l) {
    List<SignedCheckpoint> all = new ArrayList<>();
    for (long size = 1; size <= l.treeSize(); size++) {
      try {
        all.add(l.checkpointAt(size));
      } catch (io.gpuarbiter.ledger.LedgerInputException.NotFound none) {
        // Not every size has a checkpoint: only batch ends do.
      }
    }
    assertThat(all).hasSizeGreaterThanOrEqualTo(3);
    for (int i = 1; i < all.size(); i++) {
      Duration gap = Duration.between(all.get(i - 1).signedAt(), all.get(i).signedAt());
      assertThat(gap)
          .as("gap before checkpoint %d", all.get(i).checkpoint().size())
          .isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
  }
}
