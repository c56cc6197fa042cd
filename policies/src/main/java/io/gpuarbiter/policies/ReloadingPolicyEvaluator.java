package io.gpuarbiter.policies;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-process evaluator over a bundle file that may change: policies reload without a restart.
 * {@link #reloadIfChanged()} (called every {@code interval} by {@link #start}) reads the file and,
 * when its digest differs from the bundle in force, loads it into a new {@link WasmPolicyEvaluator}
 * and swaps it in; requests in flight finish on the old one. A bundle that fails to load leaves the
 * previous one in force, is logged, and counted in {@link #failedReloads()} (for a metric); the
 * same broken file is not retried until it changes again.
 */
public final class ReloadingPolicyEvaluator implements PolicyEvaluator {
  private static final System.Logger LOG =
      System.getLogger(ReloadingPolicyEvaluator.class.getName());

  private final Path file;
  private final AtomicReference<WasmPolicyEvaluator> current;
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile String lastSeenDigest;
  private ScheduledExecutorService scheduler;

  /**
   * Loads the bundle in {@code file}; it must load, there is nothing to fall back on yet.
   *
   * @throws PolicyEvaluationException when it does not
   */
  public ReloadingPolicyEvaluator(Path file) {
    this.file = Objects.requireNonNull(file, "file");
    WasmPolicyEvaluator first = WasmPolicyEvaluator.fromFile(file);
    this.current = new AtomicReference<>(first);
    this.lastSeenDigest = first.bundleDigest();
  }

  /** Checks the file every {@code interval} on a daemon thread until {@link #close()}. */
  public synchronized ReloadingPolicyEvaluator start(Duration interval) {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("policy-bundle-reload").unstarted(r));
      long millis = interval.toMillis();
      scheduler.scheduleWithFixedDelay(
          this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /**
   * Loads the file if its content changed since the last look.
   *
   * @return true when a new bundle is now in force
   */
  public synchronized boolean reloadIfChanged() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return fail("cannot read " + file + ": " + e.getMessage(), null);
    }
    String digest = PolicyBundle.digest(bytes);
    if (digest.equals(lastSeenDigest)) {
      return false;
    }
    lastSeenDigest = digest;
    WasmPolicyEvaluator next;
    try {
      next = WasmPolicyEvaluator.of(PolicyBundle.fromBytes(bytes));
    } catch (PolicyEvaluationException e) {
      return fail(e.getMessage(), digest);
    }
    WasmPolicyEvaluator previous = current.getAndSet(next);
    reloads.incrementAndGet();
    lastError.set(null);
    LOG.log(
        Level.INFO,
        "policy bundle reloaded from {0}: {1} replaces {2}",
        file,
        digest,
        previous.bundleDigest());
    // The previous evaluator is not closed: requests in flight may still hold one of its Wasm
    // instances. It holds only heap, so it goes with the last of them.
    return true;
  }

  private boolean fail(String why, String digest) {
    failures.incrementAndGet();
    lastError.set(why);
    LOG.log(
        Level.WARNING,
        "policy bundle {0} ({1}) failed to load, keeping {2}: {3}",
        file,
        digest == null ? "unreadable" : digest,
        current.get().bundleDigest(),
        why);
    return false;
  }

  @Override
  public PolicyResult evaluate(PolicyInput input) {
    return current.get().evaluate(input);
  }

  @Override
  public String bundleDigest() {
    return current.get().bundleDigest();
  }

  /** Bundles swapped in since start (a counter for a metric). */
  public long successfulReloads() {
    return reloads.get();
  }

  /** Bundle files that failed to load and were not swapped in (a counter for a metric). */
  public long failedReloads() {
    return failures.get();
  }

  /** Why the last reload failed, while the bundle in force is older than the file. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError.get());
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    current.get().close();
  }
}
