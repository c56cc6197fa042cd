package io.gpuarbiter.arbiter.store;

import static io.gpuarbiter.arbiter.store.ChargeTable.BODY;
import static io.gpuarbiter.arbiter.store.ChargeTable.CHANGED_AT_US;
import static io.gpuarbiter.arbiter.store.ChargeTable.CHARGE;
import static io.gpuarbiter.arbiter.store.ChargeTable.HELD;
import static io.gpuarbiter.arbiter.store.ChargeTable.KEY;
import static io.gpuarbiter.arbiter.store.ChargeTable.LEDGER_ENTRY;
import static io.gpuarbiter.arbiter.store.ChargeTable.NAMESPACE;
import static io.gpuarbiter.arbiter.store.ChargeTable.POOL;
import static io.gpuarbiter.arbiter.store.ChargeTable.TEAM;
import static io.gpuarbiter.arbiter.store.ChargeTable.VERSION;
import static org.jooq.impl.DSL.excluded;

import io.gpuarbiter.arbiter.ChargeChange;
import io.gpuarbiter.arbiter.DecisionStore.RecordedChange;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.ledger.AppendReceipt;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep9;
import org.jooq.Record;
import org.jooq.SQLDialect;

/**
 * Writes a step's charge changes: one row per workload, its new charge or its release (the row
 * stays, held = false, as a tombstone for replicas that have not seen it). The step holds the head
 * lock, so no other writer races these rows. On PostgreSQL all of a step's rows go in one multi-row
 * {@code INSERT … ON CONFLICT DO UPDATE} (one round trip while the lock is held); on H2, embedded
 * and single-replica, each row is an update, else an insert.
 */
final class ChargeRows {
  private ChargeRows() {}

  /** A row to write: the charge, held or released at {@code at}, justified by {@code entry}. */
  private record Row(Charge charge, boolean held, Instant at, long entry) {}

  static void write(
      DSLContext tx, List<RecordedChange> changes, List<AppendReceipt> receipts, long version) {
    // the last change of a workload in the step wins (ON CONFLICT may touch a row only once)
    Map<String, Row> rows = new LinkedHashMap<>();
    for (RecordedChange c : changes) {
      long entry = receipts.get(c.record()).queueId();
      Row row =
          switch (c.change()) {
            case ChargeChange.Charged ch ->
                new Row(ch.charge(), true, ch.charge().admittedAt(), entry);
            case ChargeChange.Released r -> new Row(r.charge(), false, r.at(), entry);
            case ChargeChange.Reload r ->
                throw new IllegalStateException("a reload is read from the store, never written");
          };
      rows.remove(row.charge().workload().uid());
      rows.put(row.charge().workload().uid(), row);
    }
    if (rows.isEmpty()) {
      return;
    }
    if (tx.dialect().family() == SQLDialect.POSTGRES) {
      upsertAll(tx, rows.values(), version);
    } else {
      for (Row r : rows.values()) {
        upsertOne(tx, r.charge(), r.held(), r.at(), version, r.entry());
      }
    }
  }

  private static void upsertAll(DSLContext tx, Collection<Row> rows, long version) {
    InsertValuesStep9<Record, String, Long, Boolean, String, String, String, Long, Long, byte[]>
        insert =
            tx.insertInto(
                CHARGE,
                KEY,
                VERSION,
                HELD,
                TEAM,
                POOL,
                NAMESPACE,
                CHANGED_AT_US,
                LEDGER_ENTRY,
                BODY);
    for (Row r : rows) {
      Charge c = r.charge();
      insert =
          insert.values(
              c.workload().uid(),
              version,
              r.held(),
              c.team().value(),
              c.pool().value(),
              c.workload().namespace(),
              SqlDecisionStore.micros(r.at()),
              r.entry(),
              ChargeEncoding.encode(c));
    }
    insert
        .onConflict(KEY)
        .doUpdate()
        .set(VERSION, excluded(VERSION))
        .set(HELD, excluded(HELD))
        .set(TEAM, excluded(TEAM))
        .set(POOL, excluded(POOL))
        .set(NAMESPACE, excluded(NAMESPACE))
        .set(CHANGED_AT_US, excluded(CHANGED_AT_US))
        .set(LEDGER_ENTRY, excluded(LEDGER_ENTRY))
        .set(BODY, excluded(BODY))
        .execute();
  }

  /** One row: update, else insert (every writer holds the head lock, so nothing races it). */
  static void upsertOne(
      DSLContext tx, Charge c, boolean held, Instant at, long version, long entry) {
    Map<org.jooq.Field<?>, Object> row = new LinkedHashMap<>();
    row.put(VERSION, version);
    row.put(HELD, held);
    row.put(TEAM, c.team().value());
    row.put(POOL, c.pool().value());
    row.put(NAMESPACE, c.workload().namespace());
    row.put(CHANGED_AT_US, SqlDecisionStore.micros(at));
    row.put(LEDGER_ENTRY, entry);
    row.put(BODY, ChargeEncoding.encode(c));
    if (tx.update(CHARGE).set(row).where(KEY.eq(c.workload().uid())).execute() == 0) {
      row.put(KEY, c.workload().uid());
      tx.insertInto(CHARGE).set(row).execute();
    }
  }
}
