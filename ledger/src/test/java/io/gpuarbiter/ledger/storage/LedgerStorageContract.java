package io.gpuarbiter.ledger.storage;

import static io.gpuarbiter.ledger.testing.Drafts.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.ledger.AppendReceipt;
import io.gpuarbiter.ledger.EntryPage;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.LedgerInputException;
import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.SignedCheckpoint;
import io.gpuarbiter.ledger.StoredEntry;
import io.gpuarbiter.ledger.checkpoint.Checkpoint;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.encoding.EntryCodec;
import io.gpuarbiter.ledger.merkle.Hashes;
import io.gpuarbiter.ledger.merkle.ProofVerifier;
import io.gpuarbiter.ledger.testing.Drafts;
import io.gpuarbiter.ledger.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract every database must meet (Trillian's storage/testonly idea): one suite, run
 * by {@link H2LedgerStorageIT} and {@link PostgresLedgerStorageIT} against real databases.
 */
abstract class LedgerStorageContract {

  static final String ORIGIN = "gpu-arbiter.test/ledger";

  @TempDir Path keys;
  TestDatabase db;
  Ledger ledger;

  /** A fresh, empty database for each test. */
  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    db = newDatabase();
    ledger = openLedger();
  }

  Ledger openLedger() {
    return Ledger.builder(db.dataSource(), db.dialect()).origin(ORIGIN).keyDirectory(keys).open();
  }

  @AfterEach
  void close() {
    ledger.close();
    db.close();
  }

  List<AppendReceipt> append(int from, int to) {
    List<AppendReceipt> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(ledger.append(draft(i)));
    }
    return out;
  }

  @Test
  void aReplicaWithAnotherSigningKeyRefusesToOpenTheLedger(@TempDir Path otherKeys) {
    append(0, 3);
    ledger.sequencer().runOnce();
    assertThatThrownBy(() ->
            Ledger.builder(db.dataSource(), db.dialect())
                .origin(ORIGIN)
                .keyDirectory(otherKeys)
                .open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("every replica must use the same key");
    assertThatThrownBy(() ->
            Ledger.builder(db.dataSource(), db.dialect())
                .origin("another.example/ledger")
                .keyDirectory(keys)
                .open())
        .hasMessageContaining("every replica must use the same key");
    assertThat(openLedger().treeSize()).isEqualTo(3); // the right key opens it
  }

  @Test
  void integratesAppendsInOrderWithDenseSeqsAndASignedCheckpoint() throws Exception {
    List<AppendReceipt> receipts = append(0, 10);
    assertThat(ledger.sequenceOf(receipts.get(0).queueId())).isEmpty();
    assertThat(ledger.sequencer().runOnce()).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      assertThat(ledger.sequenceOf(receipts.get(i).queueId())).hasValue(i);
    }
    SignedCheckpoint cp = ledger.latestCheckpoint().orElseThrow();
    Checkpoint verified = new NoteVerifier(ledger.verifierKey()).verifyCheckpoint(cp.note());
    assertThat(verified.size()).isEqualTo(10);
    assertThat(verified.origin()).isEqualTo(ORIGIN);
    var expected = new io.gpuarbiter.ledger.merkle.MemoryTree();
    receipts.forEach(r -> expected.append(r.leafHash()));
    assertThat(verified.rootHash()).isEqualTo(expected.root());
    assertThat(ledger.checkpointAt(10).note()).isEqualTo(cp.note());
    assertThat(ledger.sequencer().runOnce()).isZero();
    assertThat(ledger.latestCheckpoint().orElseThrow().checkpoint().size()).isEqualTo(10);
  }

  @Test
  void entryBySeqCarriesCanonicalBytesAndLeafHash() {
    append(0, 3);
    ledger.sequencer().runOnce();
    StoredEntry e = ledger.entry(2);
    assertThat(e.seq()).isEqualTo(2);
    assertThat(e.draft()).isEqualTo(draft(2));
    assertThat(e.canonical()).isEqualTo(EntryCodec.encode(draft(2)));
    assertThat(e.leafHash()).isEqualTo(Hashes.leafHash(e.canonical()));
    assertThatThrownBy(() -> ledger.entry(3)).isInstanceOf(LedgerInputException.NotFound.class);
    assertThatThrownBy(() -> ledger.entry(-1)).isInstanceOf(LedgerInputException.Invalid.class);
    assertThatThrownBy(() -> ledger.checkpointAt(2))
        .isInstanceOf(LedgerInputException.NotFound.class);
    assertThatThrownBy(() -> ledger.sequenceOf(987_654))
        .isInstanceOf(LedgerInputException.NotFound.class);
  }

  @Test
  void pagesAndFiltersEntries() {
    append(0, 30);
    ledger.sequencer().runOnce();
    EntryPage first = ledger.entries(EntryQuery.page(0, 7));
    assertThat(first.entries())
        .extracting(StoredEntry::seq)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(first.nextFrom()).hasValue(7);
    EntryPage last = ledger.entries(EntryQuery.page(28, 7));
    assertThat(last.entries()).hasSize(2);
    assertThat(last.nextFrom()).isEmpty();

    EntryPage team1 = ledger.entries(new EntryQuery(0, 100, "team-1", "ns-1", null, null, null));
    assertThat(team1.entries()).extracting(StoredEntry::seq).containsExactly(1L, 7L, 13L, 19L, 25L);
    EntryPage denied = ledger.entries(new EntryQuery(0, 100, null, null, "denied", null, null));
    assertThat(denied.entries()).allMatch(e -> e.seq() % 4 == 0).hasSize(8);
    EntryPage window =
        ledger.entries(
            new EntryQuery(
                0, 100, null, null, null, Drafts.T0.plusSeconds(10), Drafts.T0.plusSeconds(13)));
    assertThat(window.entries()).extracting(StoredEntry::seq).containsExactly(10L, 11L, 12L);
    assertThatThrownBy(() -> EntryQuery.page(0, 0))
        .isInstanceOf(LedgerInputException.Invalid.class);
  }

  @Test
  void findsTheEntriesOfOneSubjectByKeyInSeqOrder() {
    // Subjects interleaved with entries that have none, queued then integrated.
    for (int i = 0; i < 12; i++) {
      ledger.append(i % 3 == 0 ? draft(i) : Drafts.about(i, "req-" + (i % 3)));
    }
    ledger.sequencer().runOnce();
    EntryPage one = ledger.entries(EntryQuery.about("req-1", 0, 100));
    assertThat(one.entries()).extracting(StoredEntry::seq).containsExactly(1L, 4L, 7L, 10L);
    assertThat(one.entries()).allMatch(e -> e.draft().subject().equals("req-1"));
    assertThat(one.entries().get(0).draft()).isEqualTo(Drafts.about(1, "req-1"));
    assertThat(one.entries().get(0).canonical())
        .isEqualTo(EntryCodec.encode(Drafts.about(1, "req-1")));
    assertThat(one.entries().get(0).canonical()[0]).isEqualTo((byte) 2);

    EntryPage paged = ledger.entries(EntryQuery.about("req-2", 3, 2));
    assertThat(paged.entries()).extracting(StoredEntry::seq).containsExactly(5L, 8L);
    assertThat(paged.nextFrom()).hasValue(9);
    EntryPage withTeam =
        ledger.entries(new EntryQuery(0, 100, "team-1", null, null, "req-1", null, null));
    assertThat(withTeam.entries()).extracting(StoredEntry::seq).containsExactly(1L, 4L, 7L, 10L);
    assertThat(ledger.entries(EntryQuery.about("req-9", 0, 100)).entries()).isEmpty();
    assertThat(ledger.entry(0).draft().subject()).isNull();
  }

  @Test
  void aSubjectColumnThatDiffersFromTheHashedSubjectIsCorruption() throws Exception {
    ledger.append(Drafts.about(1, "req-1"));
    ledger.sequencer().runOnce();
    try (var c = db.dataSource().getConnection();
        var s = c.createStatement()) {
      s.executeUpdate("UPDATE ledger_entry SET subject = 'req-x' WHERE seq = 0");
    }
    assertThatThrownBy(() -> ledger.entries(EntryQuery.about("req-x", 0, 10)))
        .isInstanceOf(LedgerStorageException.class)
        .hasMessageContaining("subject column");
  }

  @Test
  void proofsFromStorageVerifyAgainstEveryCheckpoint() throws Exception {
    // Batches of 1, 2, 5, 13 and 1 leave checkpoints at 1, 3, 8, 21 and 22: power-of-two and
    // ragged right edges.
    int[] batches = {1, 2, 5, 13, 1};
    int appended = 0;
    List<Checkpoint> checkpoints = new ArrayList<>();
    NoteVerifier verifier = new NoteVerifier(ledger.verifierKey());
    for (int b : batches) {
      append(appended, appended + b);
      appended += b;
      ledger.sequencer().runOnce();
      checkpoints.add(verifier.verifyCheckpoint(ledger.latestCheckpoint().orElseThrow().note()));
    }
    for (Checkpoint cp : checkpoints) {
      for (long seq = 0; seq < cp.size(); seq++) {
        var proof = ledger.inclusionProof(seq, cp.size());
        ProofVerifier.verifyInclusion(ledger.entry(seq).leafHash(), proof, cp.rootHash());
      }
    }
    for (int i = 1; i < checkpoints.size(); i++) {
      Checkpoint a = checkpoints.get(i - 1);
      Checkpoint b = checkpoints.get(i);
      var proof = ledger.consistencyProof(a.size(), b.size());
      ProofVerifier.verifyConsistency(
          a.size(), b.size(), a.rootHash(), b.rootHash(), proof.hashes());
    }
    assertThatThrownBy(() -> ledger.inclusionProof(5, 23))
        .isInstanceOf(LedgerInputException.Invalid.class);
    assertThatThrownBy(() -> ledger.inclusionProof(5, 5))
        .isInstanceOf(LedgerInputException.Invalid.class);
    assertThatThrownBy(() -> ledger.consistencyProof(8, 3))
        .isInstanceOf(LedgerInputException.Invalid.class);
    assertThatThrownBy(() -> ledger.consistencyProof(3, 30))
        .isInstanceOf(LedgerInputException.Invalid.class);
  }

  @Test
  void concurrentAppendersGetContiguousSeqsWhileTheSequencerRuns() throws Exception {
    ledger.startSequencer();
    ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int base = t * 40;
      futures.add(
          pool.submit(() -> {
            for (int i = 0; i < 40; i++) {
              ids.add(ledger.append(draft(base + i)).queueId());
            }
          }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    List<Long> seqs = new ArrayList<>();
    for (long id : ids) {
      seqs.add(ledger.awaitSequenced(id, Duration.ofSeconds(30)));
    }
    assertThat(seqs)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.range(0, 320).boxed().toList());
    assertThat(ledger.treeSize()).isEqualTo(320);
  }

  @Test
  void equalDraftsAppendedAtOnceEachGetTheirOwnEntry() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<AppendReceipt>> futures = new ArrayList<>();
    for (int i = 0; i < 160; i++) {
      futures.add(pool.submit(() -> ledger.append(draft(7))));
    }
    List<Long> ids = new ArrayList<>();
    for (Future<AppendReceipt> f : futures) {
      AppendReceipt r = f.get();
      assertThat(r.leafHash()).isEqualTo(Hashes.leafHash(EntryCodec.encode(draft(7))));
      ids.add(r.queueId());
    }
    pool.shutdown();
    assertThat(ids).doesNotHaveDuplicates().hasSize(160);
    assertThat(ledger.appendsPerCommit()).isBetween(1.0, 160.0);
    ledger.sequencer().runOnce();
    assertThat(ledger.treeSize()).isEqualTo(160);
  }

  @Test
  void appendAllGivesIncreasingIdsInListOrderEvenForEqualDrafts() {
    List<AppendReceipt> r = ledger.appendAll(List.of(draft(1), draft(2), draft(1), draft(1)));

    assertThat(r).extracting(AppendReceipt::queueId).isSorted().doesNotHaveDuplicates();
    assertThat(r.get(1).leafHash()).isEqualTo(Hashes.leafHash(EntryCodec.encode(draft(2))));
  }

  @Test
  void smallBatchesSignOneCheckpointPerBatch() {
    ledger.close();
    ledger =
        Ledger.builder(db.dataSource(), db.dialect())
            .origin(ORIGIN)
            .keyDirectory(keys)
            .maxBatch(4)
            .open();
    append(0, 10);
    assertThat(ledger.sequencer().runOnce()).isEqualTo(10);
    assertThat(ledger.checkpointAt(4).checkpoint().size()).isEqualTo(4);
    assertThat(ledger.checkpointAt(8).checkpoint().size()).isEqualTo(8);
    assertThat(ledger.checkpointAt(10).checkpoint().size()).isEqualTo(10);
  }

  @Test
  void reopeningKeepsTheLogAndTheKey() {
    append(0, 5);
    ledger.sequencer().runOnce();
    String key = ledger.verifierKey();
    SignedCheckpoint before = ledger.latestCheckpoint().orElseThrow();
    ledger.close();
    ledger = openLedger();
    assertThat(ledger.verifierKey()).isEqualTo(key);
    assertThat(ledger.latestCheckpoint().orElseThrow().note()).isEqualTo(before.note());
    append(5, 6);
    ledger.sequencer().runOnce();
    assertThat(ledger.treeSize()).isEqualTo(6);
  }

  @Test
  void awaitSequencedTimesOutWithoutASequencer() {
    AppendReceipt r = ledger.append(draft(0));
    assertThatThrownBy(() -> ledger.awaitSequenced(r.queueId(), Duration.ofMillis(50)))
        .isInstanceOf(TimeoutException.class);
  }
}
