package io.gpuarbiter.ledger.storage;

import static io.gpuarbiter.ledger.storage.jooq.Tables.LEDGER_CHECKPOINT;
import static io.gpuarbiter.ledger.storage.jooq.Tables.LEDGER_ENTRY;
import static io.gpuarbiter.ledger.storage.jooq.Tables.LEDGER_NODE;
import static io.gpuarbiter.ledger.storage.jooq.Tables.LEDGER_TREE_HEAD;

import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.SignedCheckpoint;
import io.gpuarbiter.ledger.checkpoint.Checkpoint;
import io.gpuarbiter.ledger.checkpoint.CheckpointException;
import io.gpuarbiter.ledger.merkle.CompactRange;
import io.gpuarbiter.ledger.merkle.Hashes;
import io.gpuarbiter.ledger.merkle.NodeId;
import io.gpuarbiter.ledger.merkle.NodeSource;
import io.gpuarbiter.ledger.storage.jooq.tables.records.LedgerCheckpointRecord;
import io.gpuarbiter.ledger.storage.jooq.tables.records.LedgerTreeHeadRecord;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * The Merkle tree in the database: the tree head, perfect-subtree hashes and signed checkpoints,
 * and the integration step the sequencer runs.
 */
public final class TreeStore implements NodeSource {

  private final DSLContext dsl;

  public TreeStore(DataSource dataSource, Dialect dialect) {
    this.dsl = Jooq.using(dataSource, dialect);
  }

  /** Creates the tree-head row of an empty tree if it does not exist. Idempotent, race-safe. */
  public void ensureHead() {
    dsl.insertInto(LEDGER_TREE_HEAD)
        .set(LEDGER_TREE_HEAD.ID, 1)
        .set(LEDGER_TREE_HEAD.TREE_SIZE, 0L)
        .set(LEDGER_TREE_HEAD.ROOT_HASH, Hashes.emptyRoot())
        .onConflictDoNothing()
        .execute();
  }

  /** Current tree size. */
  public long treeSize() {
    return dsl.select(LEDGER_TREE_HEAD.TREE_SIZE)
        .from(LEDGER_TREE_HEAD)
        .where(LEDGER_TREE_HEAD.ID.eq(1))
        .fetchOptional(LEDGER_TREE_HEAD.TREE_SIZE)
        .orElse(0L);
  }

  /** The checkpoint with the largest tree size. */
  public Optional<SignedCheckpoint> latestCheckpoint() {
    return dsl.selectFrom(LEDGER_CHECKPOINT)
        .orderBy(LEDGER_CHECKPOINT.TREE_SIZE.desc())
        .limit(1)
        .fetchOptional()
        .map(TreeStore::toCheckpoint);
  }

  /** The checkpoint signed at exactly {@code size}. */
  public Optional<SignedCheckpoint> checkpointAt(long size) {
    return dsl.selectFrom(LEDGER_CHECKPOINT)
        .where(LEDGER_CHECKPOINT.TREE_SIZE.eq(size))
        .fetchOptional()
        .map(TreeStore::toCheckpoint);
  }

  /** Every stored checkpoint, by tree size (for the verifier). */
  public List<SignedCheckpoint> allCheckpoints() {
    return dsl.selectFrom(LEDGER_CHECKPOINT)
        .orderBy(LEDGER_CHECKPOINT.TREE_SIZE)
        .fetch(TreeStore::toCheckpoint);
  }

  @Override
  public Map<NodeId, byte[]> fetch(Collection<NodeId> nodes) {
    return fetch(dsl, nodes);
  }

  private static Map<NodeId, byte[]> fetch(DSLContext t, Collection<NodeId> nodes) {
    Map<NodeId, byte[]> out = new HashMap<>();
    List<Long> leaves = new ArrayList<>();
    List<Condition> inner = new ArrayList<>();
    for (NodeId id : nodes) {
      if (id.level() == 0) {
        leaves.add(id.index());
      } else {
        inner.add(
            LEDGER_NODE.NODE_LEVEL.eq((short) id.level()).and(LEDGER_NODE.NODE_IDX.eq(id.index())));
      }
    }
    if (!leaves.isEmpty()) {
      for (Record2<Long, byte[]> r :
          t.select(LEDGER_ENTRY.SEQ, LEDGER_ENTRY.LEAF_HASH)
              .from(LEDGER_ENTRY)
              .where(LEDGER_ENTRY.SEQ.in(leaves))
              .fetch()) {
        out.put(new NodeId(0, r.value1()), r.value2());
      }
    }
    if (!inner.isEmpty()) {
      t.selectFrom(LEDGER_NODE)
          .where(DSL.or(inner))
          .forEach(r -> out.put(new NodeId(r.getNodeLevel(), r.getNodeIdx()), r.getHash()));
    }
    return out;
  }

  /** What one integration did. */
  public record Integration(long treeSize, int integrated, Optional<SignedCheckpoint> checkpoint) {}

  /**
   * Integrates up to {@code maxBatch} queued entries, in queue-id order, and signs a checkpoint of
   * the new tree, all in one transaction. The tree head row is locked FOR UPDATE first, so even two
   * sequencers that both believe they lead cannot extend the tree from the same size; the one that
   * waited sees the new head and continues from it. Also signs a checkpoint if the current size has
   * none (a new log, or a crash between versions).
   *
   * @param signer turns a checkpoint body into its signed note
   */
  public Integration integrate(
      int maxBatch, String origin, UnaryOperator<String> signer, Instant now) {
    return dsl.transactionResult(tx -> {
      DSLContext t = tx.dsl();
      LedgerTreeHeadRecord head =
          t.selectFrom(LEDGER_TREE_HEAD).where(LEDGER_TREE_HEAD.ID.eq(1)).forUpdate().fetchOne();
      if (head == null) {
        throw new LedgerStorageException("ledger tree head missing: schema not initialised");
      }
      long size = head.getTreeSize();
      List<Record2<Long, byte[]>> pending =
          t.select(LEDGER_ENTRY.QUEUE_ID, LEDGER_ENTRY.LEAF_HASH)
              .from(LEDGER_ENTRY)
              .where(LEDGER_ENTRY.SEQ.isNull())
              .orderBy(LEDGER_ENTRY.QUEUE_ID)
              .limit(maxBatch)
              .fetch();
      boolean signed = t.fetchExists(LEDGER_CHECKPOINT, LEDGER_CHECKPOINT.TREE_SIZE.eq(size));
      if (pending.isEmpty() && signed) {
        return new Integration(size, 0, Optional.empty());
      }
      CompactRange edge = loadEdge(t, head);
      assignSeqs(t, edge, pending);
      byte[] root = edge.root();
      t.update(LEDGER_TREE_HEAD)
          .set(LEDGER_TREE_HEAD.TREE_SIZE, edge.size())
          .set(LEDGER_TREE_HEAD.ROOT_HASH, root)
          .where(LEDGER_TREE_HEAD.ID.eq(1))
          .execute();
      Checkpoint cp = new Checkpoint(origin, edge.size(), root);
      String note = signer.apply(cp.body());
      t.insertInto(LEDGER_CHECKPOINT)
          .set(LEDGER_CHECKPOINT.TREE_SIZE, edge.size())
          .set(LEDGER_CHECKPOINT.ROOT_HASH, root)
          .set(LEDGER_CHECKPOINT.NOTE, note)
          .set(LEDGER_CHECKPOINT.CREATED_AT_US, EntryStore.micros(now))
          .execute();
      return new Integration(
          edge.size(), pending.size(), Optional.of(new SignedCheckpoint(cp, note, now)));
    });
  }

  private static CompactRange loadEdge(DSLContext t, LedgerTreeHeadRecord head) {
    long size = head.getTreeSize();
    List<NodeId> ids = CompactRange.frontier(size);
    Map<NodeId, byte[]> found = fetch(t, ids);
    List<byte[]> hashes = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      byte[] h = found.get(id);
      if (h == null) {
        throw new LedgerStorageException("tree node " + id + " missing at size " + size);
      }
      hashes.add(h);
    }
    CompactRange edge = CompactRange.of(size, hashes);
    if (!MessageDigest.isEqual(edge.root(), head.getRootHash())) {
      throw new LedgerStorageException("stored tree nodes do not match the tree head root");
    }
    return edge;
  }

  private static void assignSeqs(
      DSLContext t, CompactRange edge, List<Record2<Long, byte[]>> pending) {
    if (pending.isEmpty()) {
      return;
    }
    BatchBindStep seqs =
        t.batch(
            t.update(LEDGER_ENTRY)
                .set(LEDGER_ENTRY.SEQ, (Long) null)
                .where(LEDGER_ENTRY.QUEUE_ID.eq((Long) null))
                .and(LEDGER_ENTRY.SEQ.isNull()));
    BatchBindStep nodes =
        t.batch(
            t.insertInto(
                    LEDGER_NODE, LEDGER_NODE.NODE_LEVEL, LEDGER_NODE.NODE_IDX, LEDGER_NODE.HASH)
                .values((Short) null, (Long) null, (byte[]) null));
    int nodeCount = 0;
    for (Record2<Long, byte[]> p : pending) {
      seqs.bind(edge.size(), p.value1());
      for (CompactRange.Node n : edge.append(p.value2())) {
        nodes.bind((short) n.id().level(), n.id().index(), n.hash());
        nodeCount++;
      }
    }
    int[] updated = seqs.execute();
    for (int u : updated) {
      // JDBC drivers may report SUCCESS_NO_INFO (-2) for batched rows; 0 means a lost race.
      if (u == 0) {
        throw new LedgerStorageException("a queued entry was integrated concurrently");
      }
    }
    if (nodeCount > 0) {
      nodes.execute();
    }
  }

  private static SignedCheckpoint toCheckpoint(LedgerCheckpointRecord r) {
    String note = r.getNote();
    int blank = note.lastIndexOf("\n\n");
    try {
      Checkpoint cp = Checkpoint.parse(blank < 0 ? note : note.substring(0, blank + 1));
      long us = r.getCreatedAtUs();
      Instant at =
          Instant.ofEpochSecond(
              Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000);
      return new SignedCheckpoint(cp, note, at);
    } catch (CheckpointException e) {
      throw new LedgerStorageException("stored checkpoint " + r.getTreeSize() + " is corrupt", e);
    }
  }
}
