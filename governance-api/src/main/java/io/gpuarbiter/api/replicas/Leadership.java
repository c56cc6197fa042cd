package io.gpuarbiter.api.replicas;

import io.gpuarbiter.ledger.sequencer.SequencerLock;
import io.gpuarbiter.ledger.storage.Dialect;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica runs the work that must run once per database: the scheduler sync, the release
 * reconcile, request and reservation expiry, pruning released charges. Every replica serves the
 * webhook and the API; one holds this lease at a time.
 *
 * <p>On PostgreSQL the lease is a session advisory lock on a connection the leader keeps open
 * (checked every {@code arbiter.replicas.lease-check}, 1 s); when the leader dies its session ends,
 * PostgreSQL drops the lock and the next replica to check takes over. While the database is
 * unreachable no replica leads. On H2 there is one process, which always leads. The ledger's
 * sequencer has its own lease of the same kind.
 *
 * <p>The jobs it guards are safe to overlap for the moment a hand-over takes (an old leader whose
 * connection just died may finish a round): releases go through the serialised decision store, the
 * scheduler sync applies the same objects.
 */
@Singleton
public class Leadership implements BooleanSupplier {
  /** "gpuarbtr" as a 64-bit key, distinct from the sequencer's. */
  static final long KEY = 0x6770756172627472L;

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
  private final SequencerLock lease;
  private volatile boolean leading;

  Leadership(DataSource dataSource, @Value("${datasources.default.url}") String url) {
    this.lease = SequencerLock.forDatabase(dataSource, Dialect.fromJdbcUrl(url), KEY);
    this.leading = lease.tryAcquire();
  }

  /** Whether this replica runs the singletons now. */
  public boolean leading() {
    return leading;
  }

  @Override
  public boolean getAsBoolean() {
    return leading;
  }

  @Scheduled(fixedDelay = "${arbiter.replicas.lease-check:1s}")
  void renew() {
    boolean now = lease.tryAcquire();
    if (now != leading) {
      LOG.info(now ? "this replica now runs the singletons" : "this replica stopped leading");
    }
    leading = now;
  }

  @PreDestroy
  void close() {
    leading = false;
    lease.release();
  }
}
