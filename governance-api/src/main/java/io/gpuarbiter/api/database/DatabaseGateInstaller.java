package io.gpuarbiter.api.database;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Puts the service's connection pool behind the {@link DatabaseGate} as it is created, and starts
 * the {@link Heartbeat} on a connection of its own with the same URL and credentials.
 */
@Singleton
final class DatabaseGateInstaller implements BeanCreatedEventListener<DataSource> {
  private final DatabaseGate gate;
  private final Properties login = new Properties();
  private final String url;
  private final Duration interval;
  private final Duration timeout;
  private Heartbeat heartbeat;

  DatabaseGateInstaller(
      DatabaseGate gate,
      @Property(name = "datasources.default.url") String url,
      @Value("${datasources.default.username:}") String user,
      @Value("${datasources.default.password:}") String password,
      @Value("${arbiter.database.heartbeat-interval:50ms}") Duration interval,
      @Value("${arbiter.database.heartbeat-timeout:150ms}") Duration timeout) {
    this.gate = gate;
    this.url = url;
    this.interval = interval;
    this.timeout = timeout;
    if (!user.isEmpty()) {
      login.setProperty("user", user);
      login.setProperty("password", password);
    }
    if (url.startsWith("jdbc:postgresql:")) {
      // The heartbeat's connect is bounded like the pool's (seconds). H2 refuses unknown settings.
      login.setProperty("connectTimeout", "1");
      login.setProperty("loginTimeout", "1");
      login.setProperty("ApplicationName", "gpu-arbiter heartbeat");
    }
  }

  @Override
  public synchronized DataSource onCreated(BeanCreatedEvent<DataSource> event) {
    DataSource pool = event.getBean();
    if (pool instanceof GatedDataSource) {
      return pool;
    }
    if (heartbeat == null) {
      heartbeat =
          new Heartbeat(gate, () -> DriverManager.getConnection(url, login), timeout)
              .start(interval);
    }
    return new GatedDataSource(pool, gate);
  }

  @PreDestroy
  synchronized void close() {
    if (heartbeat != null) {
      heartbeat.close();
    }
  }
}
