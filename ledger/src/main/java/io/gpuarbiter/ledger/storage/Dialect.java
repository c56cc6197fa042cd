package io.gpuarbiter.ledger.storage;

import org.jooq.SQLDialect;

/** The two databases the ledger runs on. */
public enum Dialect {
  /** Embedded H2 2.x in file mode (a lab, one replica). */
  H2(SQLDialect.H2),
  /** PostgreSQL (production, several replicas). */
  POSTGRES(SQLDialect.POSTGRES);

  private final SQLDialect jooq;

  Dialect(SQLDialect jooq) {
    this.jooq = jooq;
  }

  public SQLDialect jooq() {
    return jooq;
  }

  /** Guesses the dialect from a JDBC URL ({@code jdbc:h2:} or {@code jdbc:postgresql:}). */
  public static Dialect fromJdbcUrl(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    throw new IllegalArgumentException("unsupported JDBC URL (H2 or PostgreSQL only): " + url);
  }
}
