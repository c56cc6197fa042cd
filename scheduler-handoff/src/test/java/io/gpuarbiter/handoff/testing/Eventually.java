package io.gpuarbiter.handoff.testing;

import java.time.Duration;
import java.time.Instant;

/** Polls an assertion until it holds or a deadline passes (for watch-driven tests). */
public final class Eventually {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Eventually() {}

  public static void holds(Runnable assertion) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
