package io.gpuarbiter.ledger.storage;

import static io.gpuarbiter.ledger.testing.Drafts.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.ledger.AppendReceipt;
import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group-commit protocol against an in-memory batch store (the databases: the contract IT). */
class GroupCommitterTest {
  private final ExecutorService callers = Executors.newFixedThreadPool(8);

  /** Records every batch; the first one waits for {@link #release} when {@code holdFirst}. */
  private static final class FakeStore implements GroupCommitter.BatchStore {
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch firstStarted = new CountDownLatch(1);
    final AtomicLong ids = new AtomicLong();
    final AtomicBoolean holdFirst = new AtomicBoolean();
    volatile RuntimeException failWith;

    @Override
    public List<AppendReceipt> append(List<EntryDraft> drafts, List<byte[]> canonical) {
      firstStarted.countDown();
      if (holdFirst.getAndSet(false)) {
        await(release);
      }
      batchSizes.add(drafts.size());
      if (failWith != null) {
        throw failWith;
      }
      List<AppendReceipt> out = new ArrayList<>();
      for (int i = 0; i < drafts.size(); i++) {
        out.add(new AppendReceipt(ids.incrementAndGet(), new byte[32]));
      }
      return out;
    }
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  @Test
  void aLoneAppendIsCommittedAtOnceInABatchOfOne() {
    FakeStore store = new FakeStore();
    GroupCommitter c = new GroupCommitter(store, 10);

    assertThat(c.append(draft(1)).queueId()).isEqualTo(1);
    assertThat(c.append(draft(2)).queueId()).isEqualTo(2);
    assertThat(store.batchSizes).containsExactly(1, 1);
  }

  @Test
  void appendsArrivingWhileACommitRunsShareTheNextCommit() throws Exception {
    FakeStore store = new FakeStore();
    store.holdFirst.set(true);
    GroupCommitter c = new GroupCommitter(store, 10);

    List<Long> ids = new ArrayList<>();
    for (Future<AppendReceipt> f : whileTheFirstCommitIsHeld(store, c, 5)) {
      ids.add(f.get(10, TimeUnit.SECONDS).queueId());
    }
    assertThat(store.batchSizes).containsExactly(1, 5);
    assertThat(ids).doesNotHaveDuplicates().hasSize(6);
    assertThat(c.entriesPerCommit()).isEqualTo(3.0);
  }

  @Test
  void aBatchNeverExceedsTheLimit() throws Exception {
    FakeStore store = new FakeStore();
    store.holdFirst.set(true);
    GroupCommitter c = new GroupCommitter(store, 2);

    for (Future<AppendReceipt> f : whileTheFirstCommitIsHeld(store, c, 5)) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThat(store.batchSizes).containsExactly(1, 2, 2, 1);
  }

  @Test
  void aFailedCommitFailsEveryAppendInItAndTheNextAppendLeadsAgain() throws Exception {
    FakeStore store = new FakeStore();
    store.holdFirst.set(true);
    store.failWith = new LedgerStorageException("disk full");
    GroupCommitter c = new GroupCommitter(store, 10);

    for (Future<AppendReceipt> f : whileTheFirstCommitIsHeld(store, c, 1)) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(LedgerStorageException.class)
          .hasMessageContaining("disk full");
    }
    store.failWith = null;
    assertThat(c.append(draft(2)).queueId()).isEqualTo(1);
  }

  @Test
  void anErrorInTheStoreStillAnswersTheBatchAndFreesTheLead() {
    FakeStore store = new FakeStore();
    GroupCommitter c =
        new GroupCommitter(
            (drafts, canonical) -> {
              if (store.batchSizes.isEmpty()) {
                store.batchSizes.add(-1);
                throw new OutOfMemoryError("simulated");
              }
              return store.append(drafts, canonical);
            },
            10);

    assertThatThrownBy(() -> c.append(draft(0))).isInstanceOf(OutOfMemoryError.class);
    assertThat(c.append(draft(1)).queueId()).isEqualTo(1);
  }

  /**
   * One append that leads and is held inside the store until {@code followers} more appends are
   * queued behind it, then released; the futures of all of them, leader first.
   */
  private List<Future<AppendReceipt>> whileTheFirstCommitIsHeld(
      FakeStore store, GroupCommitter c, int followers) throws InterruptedException {
    List<Future<AppendReceipt>> all = new ArrayList<>();
    all.add(callers.submit(() -> c.append(draft(0))));
    await(store.firstStarted);
    for (int i = 1; i <= followers; i++) {
      int n = i;
      all.add(callers.submit(() -> c.append(draft(n))));
    }
    waitUntilQueued(c, followers);
    store.release.countDown();
    return all;
  }

  private static void waitUntilQueued(GroupCommitter c, int n) {
    Awaitility.await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .untilAsserted(() -> assertThat(c.queued()).as("appends queued").isGreaterThanOrEqualTo(n));
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
