package io.gpuarbiter.arbitration;

import io.gpuarbiter.arbitration.decision.Decision;

/** The result of an engine step: either the decision is made, or the next step gets a value. */
sealed interface Step<T> {
  record Done<T>(Decision decision) implements Step<T> {}

  record Next<T>(T value) implements Step<T> {}
}
