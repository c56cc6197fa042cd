package io.gpuarbiter.arbiter.store;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The arbiter's two tables (db/arbiter/V1__arbiter_charges.sql) as typed jOOQ names. Declared by
 * hand rather than generated: two small tables do not pay for a code generation step in the build
 * (the ledger's five do); the storage ITs run every statement on H2 and PostgreSQL.
 */
final class ChargeTable {
  private ChargeTable() {}

  static final Table<Record> HEAD = table(name("arbiter_head"));
  static final Field<Integer> HEAD_ID = field(name("id"), SQLDataType.INTEGER);
  static final Field<Long> HEAD_VERSION = field(name("version"), SQLDataType.BIGINT);
  static final Field<Long> PRUNED_THROUGH = field(name("pruned_through"), SQLDataType.BIGINT);

  static final Table<Record> CHARGE = table(name("arbiter_charge"));
  static final Field<String> KEY = field(name("workload_key"), SQLDataType.VARCHAR(512));
  static final Field<Long> VERSION = field(name("version"), SQLDataType.BIGINT);
  static final Field<Boolean> HELD = field(name("held"), SQLDataType.BOOLEAN);
  static final Field<String> TEAM = field(name("team"), SQLDataType.VARCHAR(256));
  static final Field<String> POOL = field(name("pool"), SQLDataType.VARCHAR(256));
  static final Field<String> NAMESPACE = field(name("namespace"), SQLDataType.VARCHAR(256));
  static final Field<Long> CHANGED_AT_US = field(name("changed_at_us"), SQLDataType.BIGINT);
  static final Field<Long> LEDGER_ENTRY = field(name("ledger_entry"), SQLDataType.BIGINT);
  static final Field<byte[]> BODY = field(name("body"), SQLDataType.BLOB);
}
