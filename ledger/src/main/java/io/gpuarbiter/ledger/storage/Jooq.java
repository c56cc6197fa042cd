package io.gpuarbiter.ledger.storage;

import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** jOOQ set-up shared by the stores. */
final class Jooq {

  private Jooq() {}

  /**
   * Unquoted names: the migrations create unquoted identifiers, which H2 folds to upper case and
   * PostgreSQL to lower case; quoting the generated lower-case names would miss them on H2. No
   * schema prefix: the tables live in the connection's current schema.
   */
  static DSLContext using(DataSource dataSource, Dialect dialect) {
    Settings settings =
        new Settings()
            .withRenderQuotedNames(RenderQuotedNames.NEVER)
            .withRenderSchema(false)
            .withExecuteLogging(false);
    return DSL.using(dataSource, dialect.jooq(), settings);
  }
}
