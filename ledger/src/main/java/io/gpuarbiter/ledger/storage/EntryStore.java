package io.gpuarbiter.ledger.storage;

import static io.gpuarbiter.ledger.storage.jooq.Tables.LEDGER_ENTRY;

import io.gpuarbiter.ledger.AppendReceipt;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.LedgerInputException;
import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.LedgerTransaction;
import io.gpuarbiter.ledger.StoredEntry;
import io.gpuarbiter.ledger.encoding.EntryCodec;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.gpuarbiter.ledger.encoding.MalformedEntryException;
import io.gpuarbiter.ledger.merkle.Hashes;
import io.gpuarbiter.ledger.storage.jooq.tables.records.LedgerEntryRecord;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** Appends and entry reads (the queue and the integrated entries share one table). */
public final class EntryStore {

  private final DSLContext dsl;
  private final Dialect dialect;
  private final DurabilityBarrier barrier;

  /**
   * @param barrier the H2 group-commit barrier; null for PostgreSQL, whose commits are durable when
   *     they return
   */
  public EntryStore(DataSource dataSource, Dialect dialect, DurabilityBarrier barrier) {
    this.dsl = Jooq.using(dataSource, dialect);
    this.dialect = dialect;
    this.barrier = barrier;
  }

  /** Rows per INSERT statement: keeps PostgreSQL well under its 32,767 bind parameters. */
  private static final int ROWS_PER_STATEMENT = 500;

  /** Inserts the drafts in one transaction and returns once the commit is durable. */
  public List<AppendReceipt> append(List<EntryDraft> drafts) {
    List<byte[]> canonical = new ArrayList<>(drafts.size());
    for (EntryDraft d : drafts) {
      canonical.add(EntryCodec.encode(d));
    }
    return appendEncoded(drafts, canonical);
  }

  /** {@link #append} for drafts already encoded ({@code canonical.get(i)} encodes draft i). */
  List<AppendReceipt> appendEncoded(List<EntryDraft> drafts, List<byte[]> canonical) {
    return transact((t, entries) -> insertAll(t, drafts, canonical));
  }

  /**
   * Runs the work in one transaction and returns once its commit is durable: the caller's rows and
   * the entries it appends commit together. A database failure is a {@link LedgerStorageException};
   * anything else the work throws rolls back and reaches the caller as is.
   */
  public <T> T transact(LedgerTransaction<T> work) {
    T result;
    try {
      result =
          dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            if (dialect == Dialect.POSTGRES) {
              // Guards against a server or role default of synchronous_commit=off.
              t.execute("SET LOCAL synchronous_commit TO on");
            }
            return work.run(
                t,
                drafts -> {
                  List<byte[]> canonical = new ArrayList<>(drafts.size());
                  drafts.forEach(d -> canonical.add(EntryCodec.encode(d)));
                  return insertAll(t, drafts, canonical);
                });
          });
    } catch (DataAccessException e) {
      throw new LedgerStorageException("append failed; the entries are not acknowledged", e);
    }
    if (barrier != null) {
      barrier.awaitDurable();
    }
    return result;
  }

  private static List<AppendReceipt> insertAll(
      DSLContext t, List<EntryDraft> drafts, List<byte[]> canonical) {
    List<AppendReceipt> out = new ArrayList<>(drafts.size());
    for (int from = 0; from < drafts.size(); from += ROWS_PER_STATEMENT) {
      int to = Math.min(drafts.size(), from + ROWS_PER_STATEMENT);
      out.addAll(insert(t, drafts.subList(from, to), canonical.subList(from, to)));
    }
    return out;
  }

  /**
   * One multi-row INSERT (one statement to render and send however many rows). The rows come back
   * matched to the drafts by leaf hash, not by the order the database happens to return them in;
   * equal drafts get their ids in list order.
   */
  private static List<AppendReceipt> insert(
      DSLContext t, List<EntryDraft> drafts, List<byte[]> canonical) {
    var insert =
        t.insertInto(
            LEDGER_ENTRY,
            LEDGER_ENTRY.KIND,
            LEDGER_ENTRY.RECORDED_AT_US,
            LEDGER_ENTRY.TEAM,
            LEDGER_ENTRY.NAMESPACE,
            LEDGER_ENTRY.OUTCOME,
            LEDGER_ENTRY.SUBJECT,
            LEDGER_ENTRY.CANONICAL,
            LEDGER_ENTRY.LEAF_HASH);
    List<byte[]> leaves = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      EntryDraft d = drafts.get(i);
      byte[] leaf = Hashes.leafHash(canonical.get(i));
      leaves.add(leaf);
      insert =
          insert.values(
              d.kind(),
              micros(d.recordedAt()),
              d.team(),
              d.namespace(),
              d.outcome(),
              d.subject(),
              canonical.get(i),
              leaf);
    }
    Map<ByteBuffer, ArrayDeque<Long>> idsByLeaf = new HashMap<>(); // content equality
    insert
        .returningResult(LEDGER_ENTRY.QUEUE_ID, LEDGER_ENTRY.LEAF_HASH)
        .fetch()
        .sortAsc(LEDGER_ENTRY.QUEUE_ID)
        .forEach(r ->
            idsByLeaf
                .computeIfAbsent(ByteBuffer.wrap(r.value2()), k -> new ArrayDeque<>())
                .add(r.value1()));
    List<AppendReceipt> out = new ArrayList<>(drafts.size());
    for (byte[] leaf : leaves) {
      ArrayDeque<Long> ids = idsByLeaf.get(ByteBuffer.wrap(leaf));
      if (ids == null || ids.isEmpty()) {
        throw new LedgerStorageException("the database did not return the id of an inserted entry");
      }
      out.add(new AppendReceipt(ids.poll(), leaf));
    }
    return out;
  }

  static long micros(java.time.Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /**
   * The seq of a queued entry, empty while it waits for the sequencer.
   *
   * @throws LedgerInputException.NotFound if no entry has this queue id
   */
  public OptionalLong sequenceOf(long queueId) {
    Long seq =
        dsl.select(LEDGER_ENTRY.SEQ)
            .from(LEDGER_ENTRY)
            .where(LEDGER_ENTRY.QUEUE_ID.eq(queueId))
            .fetchOptional()
            .orElseThrow(
                () -> new LedgerInputException.NotFound("no entry with queue id " + queueId))
            .value1();
    return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
  }

  /** The integrated entry at {@code seq}, if any. */
  public Optional<StoredEntry> bySeq(long seq) {
    return dsl.selectFrom(LEDGER_ENTRY)
        .where(LEDGER_ENTRY.SEQ.eq(seq))
        .fetchOptional()
        .map(EntryStore::toEntry);
  }

  /** Integrated entries matching the query, one more than the limit to tell if a page follows. */
  public List<StoredEntry> query(EntryQuery q) {
    Condition c = LEDGER_ENTRY.SEQ.ge(q.fromSeq());
    if (q.team() != null) {
      c = c.and(LEDGER_ENTRY.TEAM.eq(q.team()));
    }
    if (q.namespace() != null) {
      c = c.and(LEDGER_ENTRY.NAMESPACE.eq(q.namespace()));
    }
    if (q.outcome() != null) {
      c = c.and(LEDGER_ENTRY.OUTCOME.eq(q.outcome()));
    }
    if (q.subject() != null) {
      c = c.and(LEDGER_ENTRY.SUBJECT.eq(q.subject()));
    }
    if (q.since() != null) {
      c = c.and(LEDGER_ENTRY.RECORDED_AT_US.ge(micros(q.since())));
    }
    if (q.until() != null) {
      c = c.and(LEDGER_ENTRY.RECORDED_AT_US.lt(micros(q.until())));
    }
    return dsl.selectFrom(LEDGER_ENTRY)
        .where(c)
        .orderBy(LEDGER_ENTRY.SEQ)
        .limit(q.limit() + 1)
        .fetch(EntryStore::toEntry);
  }

  /**
   * Streams every integrated entry in seq order (for the verifier and exports), without decoding:
   * the raw row so that a verifier can check the stored columns against the canonical bytes.
   */
  public void forEachRow(Consumer<LedgerEntryRecord> consumer) {
    long from = 0;
    while (true) {
      List<LedgerEntryRecord> rows =
          dsl.selectFrom(LEDGER_ENTRY)
              .where(LEDGER_ENTRY.SEQ.ge(from))
              .orderBy(LEDGER_ENTRY.SEQ)
              .limit(10_000)
              .fetch();
      rows.forEach(consumer);
      if (rows.size() < 10_000) {
        return;
      }
      from = rows.get(rows.size() - 1).getSeq() + 1;
    }
  }

  /** Number of entries still waiting for the sequencer. */
  public long pendingCount() {
    return dsl.fetchCount(LEDGER_ENTRY, LEDGER_ENTRY.SEQ.isNull());
  }

  private static StoredEntry toEntry(LedgerEntryRecord r) {
    try {
      EntryDraft d = EntryCodec.decode(r.getCanonical());
      if (!java.util.Objects.equals(d.subject(), r.getSubject())) {
        // The column is only an index over the hashed subject: a row whose index lies is corrupt.
        throw new LedgerStorageException(
            "stored entry seq " + r.getSeq() + " is corrupt: its subject column differs");
      }
      return new StoredEntry(r.getSeq(), r.getQueueId(), d, r.getCanonical(), r.getLeafHash());
    } catch (MalformedEntryException e) {
      throw new LedgerStorageException(
          "stored entry seq " + r.getSeq() + " is corrupt: " + e.getMessage());
    }
  }
}
