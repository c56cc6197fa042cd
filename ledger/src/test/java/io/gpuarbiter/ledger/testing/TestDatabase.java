package io.gpuarbiter.ledger.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gpuarbiter.ledger.storage.Dialect;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh database plus a DataSource on it (pooled unless made by {@link #unpooled}). */
public record TestDatabase(String jdbcUrl, Dialect dialect, DataSource dataSource)
    implements AutoCloseable {

  /** A new H2 file database under {@code dir}. */
  public static TestDatabase h2(Path dir) {
    return open("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), 16);
  }

  /** A pooled DataSource on an existing database URL. */
  public static TestDatabase open(String url, int poolSize) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setUsername(url.startsWith("jdbc:h2:") ? "sa" : "postgres");
    c.setPassword("");
    c.setMaximumPoolSize(poolSize);
    c.setPoolName("ledger-test");
    return new TestDatabase(url, Dialect.fromJdbcUrl(url), new HikariDataSource(c));
  }

  /**
   * A DataSource that opens a connection per call, nothing in the background: when the last one is
   * closed an H2 database is closed and its file lock released at once. (Closing a Hikari pool can
   * leave a connection it was adding in the background open for a moment, holding the lock another
   * process then trips over.)
   */
  public static TestDatabase unpooled(String url) {
    DataSource ds;
    if (url.startsWith("jdbc:h2:")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(url);
      h2.setUser("sa");
      h2.setPassword("");
      ds = h2;
    } else {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setURL(url);
      pg.setUser("postgres");
      ds = pg;
    }
    return new TestDatabase(url, Dialect.fromJdbcUrl(url), ds);
  }

  @Override
  public void close() {
    if (dataSource instanceof HikariDataSource pool) {
      pool.close();
    }
  }
}
