package io.gpuarbiter.api.database;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** The service's connection pool behind the {@link DatabaseGate}: every connection passes it. */
final class GatedDataSource implements DataSource {
  private final DataSource pool;
  private final DatabaseGate gate;

  GatedDataSource(DataSource pool, DatabaseGate gate) {
    this.pool = pool;
    this.gate = gate;
  }

  /** The pool itself, for the probe that must reach the database while the gate is closed. */
  DataSource pool() {
    return pool;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return gate.acquire(pool::getConnection);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return gate.acquire(() -> pool.getConnection(username, password));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || pool.isWrapperFor(iface);
  }
}
