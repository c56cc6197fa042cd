package io.gpuarbiter.arbitration.rules;

import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.Suggestion;
import java.util.List;

/** What one rule says: pass with a value (and notes), or fail with reasons and what would pass. */
public sealed interface Verdict<T> {

  /** The rule passes; {@code notes} are warnings or explanations to carry along. */
  record Pass<T>(T value, List<Reason> notes) implements Verdict<T> {
    public Pass {
      notes = List.copyOf(notes);
    }
  }

  /** The rule fails the request. */
  record Fail<T>(List<Reason> reasons, List<Suggestion> suggestions) implements Verdict<T> {
    public Fail {
      reasons = List.copyOf(reasons);
      suggestions = List.copyOf(suggestions);
    }
  }

  static <T> Verdict<T> pass(T value, List<Reason> notes) {
    return new Pass<>(value, notes);
  }

  static <T> Verdict<T> pass(T value) {
    return new Pass<>(value, List.of());
  }

  static <T> Verdict<T> fail(Reason reason, List<Suggestion> suggestions) {
    return new Fail<>(List.of(reason), suggestions);
  }

  static <T> Verdict<T> fail(Reason reason) {
    return new Fail<>(List.of(reason), List.of());
  }
}
