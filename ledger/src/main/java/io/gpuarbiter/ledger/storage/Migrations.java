package io.gpuarbiter.ledger.storage;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the ledger schema with Flyway. The ledger keeps its own history table so the application
 * can run its own migrations in the same database and schema.
 */
public final class Migrations {

  /** Where the ledger's migrations live on the classpath. */
  public static final String LOCATION = "classpath:db/ledger";

  /** The ledger's Flyway history table. */
  public static final String HISTORY_TABLE = "ledger_schema_history";

  private Migrations() {}

  /**
   * Migrates the schema to the latest version. Idempotent; concurrent replicas are serialised by
   * Flyway's own lock. A schema that already holds other tables is baselined at version 0 so the
   * ledger's V1 still runs.
   */
  public static void migrate(DataSource dataSource) {
    migrate(dataSource, LOCATION, HISTORY_TABLE);
  }

  /**
   * The same for another module's migrations in the same schema ({@code location}), with its own
   * history table, so each module migrates its own tables (the arbiter's charges, for one).
   */
  public static void migrate(DataSource dataSource, String location, String historyTable) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(location)
        .table(historyTable)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
