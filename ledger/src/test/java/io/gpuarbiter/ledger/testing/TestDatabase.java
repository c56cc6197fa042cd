package io.gpuarbiter.ledger.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gpuarbiter.ledger.storage.Dialect;
import java.nio.file.Path;

/** A fresh database plus a pooled DataSource on it. */
public record TestDatabase(String jdbcUrl, Dialect dialect, HikariDataSource dataSource)
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

  @Override
  public void close() {
    dataSource.close();
  }
}
