package io.gpuarbiter.ledger;

import io.gpuarbiter.ledger.checkpoint.KeyFiles;
import io.gpuarbiter.ledger.checkpoint.NoteSigner;
import io.gpuarbiter.ledger.storage.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Configures and opens a {@link Ledger}.
 *
 * <p>DataSource expectations: a pooled DataSource whose connections use the schema the ledger
 * tables live in, with rights to create tables (Flyway runs on open). H2 must be file mode and the
 * user an admin (the ledger sets {@code WRITE_DELAY=0} and runs {@code CHECKPOINT SYNC}).
 */
public final class LedgerBuilder {

  final DataSource dataSource;
  final Dialect dialect;
  String origin;
  Path keyDirectory;
  KeyPair keyPair;
  Clock clock = Clock.systemUTC();
  Duration interval = Duration.ofMillis(500);
  int maxBatch = 5000;

  LedgerBuilder(DataSource dataSource, Dialect dialect) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /**
   * The checkpoint origin (first line of every checkpoint) and signer key name, e.g. {@code
   * gpu-arbiter.example.com/ledger}. One token: no spaces, no '+'. Required.
   */
  public LedgerBuilder origin(String origin) {
    this.origin = origin;
    return this;
  }

  /**
   * Directory holding the signing key ({@value KeyFiles#PRIVATE_FILE}, mode 0600, and {@value
   * KeyFiles#PUBLIC_FILE}); generated there on first start if absent.
   */
  public LedgerBuilder keyDirectory(Path dir) {
    this.keyDirectory = dir;
    return this;
  }

  /** A supplied Ed25519 signing key pair (instead of {@link #keyDirectory}). */
  public LedgerBuilder signingKey(KeyPair keys) {
    this.keyPair = keys;
    return this;
  }

  /** Clock for checkpoint timestamps (default: system UTC). */
  public LedgerBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
    return this;
  }

  /** Sequencer period; at most 1 s so checkpoints come at least every second (default 500 ms). */
  public LedgerBuilder sequencerInterval(Duration interval) {
    if (interval.isNegative()
        || interval.isZero()
        || interval.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("sequencer interval must be in (0, 1s]");
    }
    this.interval = interval;
    return this;
  }

  /** Largest number of entries integrated per transaction (default 5000). */
  public LedgerBuilder maxBatch(int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be ≥ 1");
    }
    this.maxBatch = maxBatch;
    return this;
  }

  /**
   * Migrates the schema, configures durability, loads or creates the key. Does not start the
   * sequencer.
   */
  public Ledger open() {
    if (origin == null) {
      throw new IllegalStateException("origin is required");
    }
    KeyPair keys = keyPair;
    if (keys == null) {
      if (keyDirectory == null) {
        throw new IllegalStateException("either keyDirectory or signingKey is required");
      }
      try {
        keys = KeyFiles.loadOrGenerate(keyDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load or create the signing key", e);
      }
    }
    return new Ledger(this, new NoteSigner(origin, keys));
  }
}
