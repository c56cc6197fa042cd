package io.gpuarbiter.arbiter.store;

import static io.gpuarbiter.arbiter.store.ChargeTable.BODY;
import static io.gpuarbiter.arbiter.store.ChargeTable.CHANGED_AT_US;
import static io.gpuarbiter.arbiter.store.ChargeTable.CHARGE;
import static io.gpuarbiter.arbiter.store.ChargeTable.HEAD;
import static io.gpuarbiter.arbiter.store.ChargeTable.HEAD_ID;
import static io.gpuarbiter.arbiter.store.ChargeTable.HEAD_VERSION;
import static io.gpuarbiter.arbiter.store.ChargeTable.HELD;
import static io.gpuarbiter.arbiter.store.ChargeTable.KEY;
import static io.gpuarbiter.arbiter.store.ChargeTable.PRUNED_THROUGH;
import static io.gpuarbiter.arbiter.store.ChargeTable.VERSION;

import io.gpuarbiter.arbiter.ChargeChange;
import io.gpuarbiter.arbiter.DecisionRecord;
import io.gpuarbiter.arbiter.DecisionStore;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.ledger.AppendReceipt;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.gpuarbiter.ledger.storage.Dialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The decision store on the service's database (H2 or PostgreSQL): ledger entries and charge rows
 * in one transaction, every step serialised by a row lock on {@code arbiter_head}. Why one lock and
 * not one per pool: a decision reads the team's quota, its department's borrowing, the pool's
 * capacity and reservations, and may fall back to another pool; locking exactly that set means
 * knowing the decision before taking the lock. Each replica batches its decisions into one step, so
 * the lock is taken once per batch, not per review (ARCHITECTURE.md, "Several replicas").
 */
public final class SqlDecisionStore implements DecisionStore {
  private final Ledger ledger;
  private final DSLContext dsl;
  private final OptionalInt bootstrapped;

  private SqlDecisionStore(Ledger ledger, DSLContext dsl, OptionalInt bootstrapped) {
    this.ledger = ledger;
    this.dsl = dsl;
    this.bootstrapped = bootstrapped;
  }

  /**
   * Opens the store on the ledger's database: applies its migrations and, on a database that has a
   * ledger but no charges yet (an upgrade), derives the charges from the ledger once.
   *
   * @param dataSource the ledger's database
   */
  public static SqlDecisionStore open(Ledger ledger, DataSource dataSource, Dialect dialect)
      throws Unavailable {
    ArbiterMigrations.migrate(dataSource);
    // Unquoted names, no schema: the migrations create unquoted identifiers (H2 folds them to upper
    // case, PostgreSQL to lower case), as the ledger's do.
    Settings settings =
        new Settings()
            .withRenderQuotedNames(RenderQuotedNames.NEVER)
            .withRenderSchema(false)
            .withExecuteLogging(false);
    DSLContext dsl = DSL.using(dataSource, dialect.jooq(), settings);
    return new SqlDecisionStore(ledger, dsl, LedgerBootstrap.ensureHead(ledger));
  }

  /**
   * How many charges this start derived from the ledger, when it created the charges table (a
   * database written before charges were rows); empty when the table was there.
   */
  public OptionalInt bootstrapped() {
    return bootstrapped;
  }

  @Override
  public Standing load() throws Unavailable {
    try {
      long version = dsl.select(HEAD_VERSION).from(HEAD).where(HEAD_ID.eq(1)).fetchOne().value1();
      // Rows are read after the version: any committed since are applied again by the next
      // catch-up, and applying a change twice ends where once does.
      List<Charge> held = new ArrayList<>();
      dsl.select(BODY)
          .from(CHARGE)
          .where(HELD.isTrue())
          .orderBy(KEY)
          .fetchSize(1000)
          .forEach(r -> held.add(ChargeEncoding.decode(r.value1())));
      return new Standing(version, held);
    } catch (DataAccessException e) {
      throw new Unavailable("cannot read the charges: " + e.getMessage(), e);
    }
  }

  @Override
  public CatchUp changesSince(long knownVersion) throws Unavailable {
    try {
      Record2<Long, Long> head = headQuery(dsl).fetchOne();
      return catchUp(dsl, knownVersion, head.value1(), head.value2());
    } catch (DataAccessException e) {
      throw new Unavailable("cannot read the charges: " + e.getMessage(), e);
    }
  }

  @Override
  public <T> Committed<T> record(long knownVersion, Step<T> step) throws Unavailable {
    try {
      return ledger.transact((tx, entries) -> {
        Record2<Long, Long> head = lockHead(tx);
        long version = head.value1();
        Outcome<T> outcome = step.decide(catchUp(tx, knownVersion, version, head.value2()));
        List<AppendReceipt> receipts =
            outcome.records().isEmpty()
                ? List.of()
                : entries.append(outcome.records().stream().map(SqlDecisionStore::draft).toList());
        long next = outcome.changes().isEmpty() ? version : version + 1;
        ChargeRows.write(tx, outcome.changes(), receipts, next);
        if (next != version) {
          tx.update(HEAD).set(HEAD_VERSION, next).where(HEAD_ID.eq(1)).execute();
        }
        List<Position> positions = new ArrayList<>(receipts.size());
        receipts.forEach(r -> positions.add(new Position(r.queueId(), OptionalLong.empty())));
        return new Committed<>(next, positions, outcome.value());
      });
    } catch (LedgerStorageException e) {
      throw new Unavailable("decision not recorded: " + e.getMessage(), e);
    }
  }

  @Override
  public int pruneReleased(Instant before) throws Unavailable {
    try {
      Long through =
          dsl.select(org.jooq.impl.DSL.max(VERSION))
              .from(CHARGE)
              .where(HELD.isFalse())
              .and(CHANGED_AT_US.lt(micros(before)))
              .fetchOne()
              .value1();
      return through == null ? 0 : prune(through);
    } catch (DataAccessException e) {
      throw new Unavailable("released charges not pruned: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes released rows up to {@code throughVersion} (at most the current version), under the
   * head lock, and records how far: a replica that knew less reloads every charge at its next step.
   *
   * @return rows deleted
   */
  public int prune(long throughVersion) throws Unavailable {
    try {
      return ledger.transact((tx, entries) -> {
        Record2<Long, Long> head = lockHead(tx);
        long through = Math.min(throughVersion, head.value1());
        if (through <= head.value2()) {
          return 0;
        }
        int deleted =
            tx.deleteFrom(CHARGE).where(HELD.isFalse()).and(VERSION.le(through)).execute();
        tx.update(HEAD).set(PRUNED_THROUGH, through).where(HEAD_ID.eq(1)).execute();
        return deleted;
      });
    } catch (LedgerStorageException e) {
      throw new Unavailable("released charges not pruned: " + e.getMessage(), e);
    }
  }

  /**
   * The head row (version, pruned-through), locked for the rest of the transaction: every writer of
   * charges takes it first, so the steps of all replicas run one at a time.
   */
  private static Record2<Long, Long> lockHead(DSLContext tx) {
    return headQuery(tx).forUpdate().fetchOne();
  }

  private static org.jooq.SelectConditionStep<Record2<Long, Long>> headQuery(DSLContext q) {
    return q.select(HEAD_VERSION, PRUNED_THROUGH).from(HEAD).where(HEAD_ID.eq(1));
  }

  /** What changed after {@code known}: the rows of later versions, or everything when too far. */
  private static CatchUp catchUp(DSLContext q, long known, long version, long prunedThrough) {
    if (known == version) {
      return new CatchUp(version, List.of());
    }
    if (known < prunedThrough || known > version) {
      // releases were pruned, or the database is not the one this replica knew: start again
      List<Charge> held = new ArrayList<>();
      q.select(BODY)
          .from(CHARGE)
          .where(HELD.isTrue())
          .forEach(r -> held.add(ChargeEncoding.decode(r.value1())));
      return new CatchUp(version, List.of(new ChargeChange.Reload(held)));
    }
    List<ChargeChange> changes = new ArrayList<>();
    q.select(KEY, HELD, CHANGED_AT_US, BODY)
        .from(CHARGE)
        .where(VERSION.gt(known))
        .orderBy(VERSION, KEY)
        .forEach(r -> changes.add(change(r)));
    return new CatchUp(version, changes);
  }

  private static ChargeChange change(Record r) {
    if (r.get(HELD)) {
      return new ChargeChange.Charged(ChargeEncoding.decode(r.get(BODY)));
    }
    return new ChargeChange.Released(
        ChargeEncoding.decode(r.get(BODY)), instant(r.get(CHANGED_AT_US)));
  }

  static EntryDraft draft(DecisionRecord r) {
    return new EntryDraft(
        r.kind(),
        r.recordedAt(),
        blankToNull(r.team()),
        blankToNull(r.namespace()),
        r.outcome(),
        r.decisionId(), // the subject: GET /api/v1/ledger/decisions/{id} finds it
        r.canonicalBody());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}
