package io.gpuarbiter.handoff.model;

import java.util.Locale;
import java.util.Optional;

/** Which scheduler's objects to render. */
public enum Target {
  KUEUE,
  KAI,
  /** Both; the union of {@link #KUEUE} and {@link #KAI}. */
  ALL;

  public boolean includesKueue() {
    return this != KAI;
  }

  public boolean includesKai() {
    return this != KUEUE;
  }

  /** {@code kueue}, {@code kai} or {@code all}, case-insensitive. */
  public static Optional<Target> parse(String text) {
    for (Target t : values()) {
      if (t.name().equals(text.toUpperCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
