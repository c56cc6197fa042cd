package io.gpuarbiter.arbiter.store;

import io.gpuarbiter.ledger.storage.Migrations;
import javax.sql.DataSource;

/**
 * Applies the arbiter's schema with the ledger's migration runner, with its own history table
 * beside the ledger's and the service's, so each module migrates its own tables in the shared
 * database.
 */
final class ArbiterMigrations {
  static final String LOCATION = "classpath:db/arbiter";
  static final String HISTORY_TABLE = "arbiter_schema_history";

  private ArbiterMigrations() {}

  /** Idempotent; concurrent replicas are serialised by Flyway's own lock. */
  static void migrate(DataSource dataSource) {
    Migrations.migrate(dataSource, LOCATION, HISTORY_TABLE);
  }
}
