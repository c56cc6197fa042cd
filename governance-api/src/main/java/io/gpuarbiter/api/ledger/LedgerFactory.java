package io.gpuarbiter.api.ledger;

import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.storage.Dialect;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Opens the decision ledger on the service's database (H2 file mode by default) with its signing
 * key in {@code <data>/ledger-keys}, and starts this replica's sequencer.
 */
@Factory
public class LedgerFactory {
  @Singleton
  @Bean(preDestroy = "close")
  Ledger ledger(
      DataSource dataSource,
      Clock clock,
      @Value("${arbiter.data-dir:data}") String dataDir,
      @Value("${arbiter.ledger.origin:gpu-arbiter.local/ledger}") String origin,
      @Value("${datasources.default.url}") String url) {
    Dialect dialect = url.startsWith("jdbc:postgresql:") ? Dialect.POSTGRES : Dialect.H2;
    Ledger ledger =
        Ledger.builder(dataSource, dialect)
            .origin(origin)
            .keyDirectory(Path.of(dataDir).resolve("ledger-keys"))
            .clock(clock)
            .open();
    ledger.startSequencer();
    return ledger;
  }
}
