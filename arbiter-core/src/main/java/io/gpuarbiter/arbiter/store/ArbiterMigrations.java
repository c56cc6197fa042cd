package io.gpuarbiter.arbiter.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the arbiter's schema with Flyway, with its own history table beside the ledger's and the
 * service's, so each module migrates its own tables in the shared database.
 */
final class ArbiterMigrations {
  static final String LOCATION = "classpath:db/arbiter";
  static final String HISTORY_TABLE = "arbiter_schema_history";

  private ArbiterMigrations() {}

  /** Idempotent; concurrent replicas are serialised by Flyway's own lock. */
  static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
