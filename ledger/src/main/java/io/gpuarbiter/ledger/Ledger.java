package io.gpuarbiter.ledger;

import io.gpuarbiter.ledger.checkpoint.CheckpointException;
import io.gpuarbiter.ledger.checkpoint.NoteSigner;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.gpuarbiter.ledger.merkle.ConsistencyProof;
import io.gpuarbiter.ledger.merkle.InclusionProof;
import io.gpuarbiter.ledger.merkle.ProofBuilder;
import io.gpuarbiter.ledger.sequencer.Sequencer;
import io.gpuarbiter.ledger.sequencer.SequencerLock;
import io.gpuarbiter.ledger.storage.Dialect;
import io.gpuarbiter.ledger.storage.DurabilityBarrier;
import io.gpuarbiter.ledger.storage.EntryStore;
import io.gpuarbiter.ledger.storage.GroupCommitter;
import io.gpuarbiter.ledger.storage.Migrations;
import io.gpuarbiter.ledger.storage.TreeStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * The ledger façade: one per process and database. Create it with {@link LedgerBuilder}; it is both
 * the {@link LedgerWriter} and the {@link LedgerReader}, and owns the (optional) sequencer. It does
 * not own the DataSource: the caller closes that after {@link #close()}.
 */
public final class Ledger implements LedgerWriter, LedgerReader, AutoCloseable {
  /** Most single appends that share one transaction (group commit). */
  private static final int APPENDS_PER_COMMIT = 256;

  private final EntryStore entries;
  private final GroupCommitter appends;
  private final TreeStore tree;
  private final NoteSigner signer;
  private final Sequencer sequencer;
  private final DurabilityBarrier barrier;

  Ledger(LedgerBuilder b, NoteSigner signer) {
    Migrations.migrate(b.dataSource);
    this.signer = signer;
    this.barrier = b.dialect == Dialect.H2 ? DurabilityBarrier.configureH2(b.dataSource) : null;
    this.entries = new EntryStore(b.dataSource, b.dialect, barrier);
    this.appends = GroupCommitter.over(entries, APPENDS_PER_COMMIT);
    this.tree = new TreeStore(b.dataSource, b.dialect);
    tree.ensureHead();
    tree.latestCheckpoint().ifPresent(this::requireSameKey);
    this.sequencer =
        new Sequencer(
            tree,
            SequencerLock.forDatabase(b.dataSource, b.dialect),
            signer,
            signer.name(),
            b.clock,
            b.interval,
            b.maxBatch);
  }

  /**
   * Replicas share one ledger, so they must sign with one key under one origin: a replica with its
   * own would sign checkpoints that no verifier of this ledger accepts. Refuse to start instead.
   */
  private void requireSameKey(SignedCheckpoint latest) {
    try {
      new NoteVerifier(signer.verifierKey()).verifyCheckpoint(latest.note());
    } catch (CheckpointException e) {
      throw new IllegalStateException(
          "the ledger's latest checkpoint (tree size "
              + latest.checkpoint().size()
              + ") does not verify with this process's signing key "
              + signer.verifierKey()
              + ": every replica must use the same key and origin (share the key directory)",
          e);
    }
  }

  /** Starts a builder for a ledger over {@code dataSource}. */
  public static LedgerBuilder builder(javax.sql.DataSource dataSource, Dialect dialect) {
    return new LedgerBuilder(dataSource, dialect);
  }

  /** Starts this replica's sequencer loop (it integrates only while it holds the lock). */
  public void startSequencer() {
    sequencer.start();
  }

  /** Stops the sequencer loop and releases leadership; appends keep working. */
  public void stopSequencer() {
    sequencer.stop();
  }

  /** The sequencer, e.g. to run one integration round synchronously in tests or tools. */
  public Sequencer sequencer() {
    return sequencer;
  }

  /** H2 group-commit figures; empty on PostgreSQL. */
  public Optional<DurabilityBarrier.Stats> durabilityStats() {
    return Optional.ofNullable(barrier).map(DurabilityBarrier::stats);
  }

  /** Mean single appends per commit since start (group commit), for benchmarks. */
  public double appendsPerCommit() {
    return appends.entriesPerCommit();
  }

  /** The underlying stores, for the verifier and exports (read-only use). */
  public EntryStore entryStore() {
    return entries;
  }

  /** Stops the sequencer. */
  @Override
  public void close() {
    sequencer.stop();
  }

  // ---- LedgerWriter ----

  @Override
  public AppendReceipt append(EntryDraft draft) {
    return appends.append(draft);
  }

  @Override
  public List<AppendReceipt> appendAll(List<EntryDraft> drafts) {
    return drafts.isEmpty() ? List.of() : entries.append(drafts);
  }

  /**
   * Runs work that writes its own rows in the same transaction as the entries it appends; returns
   * once the commit is durable, as {@link #append}. Not group-committed with other appends: the
   * caller batches its own work.
   *
   * @throws LedgerStorageException if the database fails; nothing of the work is then acknowledged
   */
  public <T> T transact(LedgerTransaction<T> work) {
    return entries.transact(work);
  }

  @Override
  public OptionalLong sequenceOf(long queueId) {
    return entries.sequenceOf(queueId);
  }

  @Override
  public long awaitSequenced(long queueId, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 5;
    while (true) {
      OptionalLong seq = entries.sequenceOf(queueId);
      if (seq.isPresent()) {
        return seq.getAsLong();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("entry " + queueId + " not integrated within " + timeout);
      }
      Thread.sleep(pause);
      pause = Math.min(pause * 2, 100);
    }
  }

  // ---- LedgerReader ----

  @Override
  public Optional<SignedCheckpoint> latestCheckpoint() {
    return tree.latestCheckpoint();
  }

  @Override
  public SignedCheckpoint checkpointAt(long treeSize) {
    if (treeSize < 0) {
      throw new LedgerInputException.Invalid("size must be ≥ 0");
    }
    return tree.checkpointAt(treeSize)
        .orElseThrow(
            () -> new LedgerInputException.NotFound("no checkpoint at tree size " + treeSize));
  }

  @Override
  public EntryPage entries(EntryQuery query) {
    List<StoredEntry> rows = entries.query(query);
    if (rows.size() > query.limit()) {
      List<StoredEntry> page = rows.subList(0, query.limit());
      return new EntryPage(page, OptionalLong.of(page.get(page.size() - 1).seq() + 1));
    }
    return new EntryPage(rows, OptionalLong.empty());
  }

  @Override
  public StoredEntry entry(long seq) {
    if (seq < 0) {
      throw new LedgerInputException.Invalid("seq must be ≥ 0");
    }
    return entries
        .bySeq(seq)
        .orElseThrow(() -> new LedgerInputException.NotFound("no entry at seq " + seq));
  }

  @Override
  public InclusionProof inclusionProof(long seq, long treeSize) {
    if (seq < 0 || treeSize <= seq) {
      throw new LedgerInputException.Invalid(
          "need 0 ≤ seq < size, got seq=%d size=%d".formatted(seq, treeSize));
    }
    requireWithinTree(treeSize);
    return new ProofBuilder(tree).inclusion(seq, treeSize);
  }

  @Override
  public ConsistencyProof consistencyProof(long from, long to) {
    if (from < 0 || from > to) {
      throw new LedgerInputException.Invalid(
          "need 0 ≤ from ≤ to, got from=%d to=%d".formatted(from, to));
    }
    requireWithinTree(to);
    return new ProofBuilder(tree).consistency(from, to);
  }

  private void requireWithinTree(long size) {
    long current = tree.treeSize();
    if (size > current) {
      throw new LedgerInputException.Invalid(
          "tree size " + size + " is beyond the current tree (" + current + ")");
    }
  }

  @Override
  public long treeSize() {
    return tree.treeSize();
  }

  @Override
  public String verifierKey() {
    return signer.verifierKey();
  }

  @Override
  public String publicKeyPem() {
    return signer.publicKeyPem();
  }

  /** The tree store (stored nodes and checkpoints), for the verifier's database mode. */
  public TreeStore treeStore() {
    return tree;
  }
}
