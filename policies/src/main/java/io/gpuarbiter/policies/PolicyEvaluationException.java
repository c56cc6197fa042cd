package io.gpuarbiter.policies;

/** The bundle could not be evaluated: the reason says why, {@link #kind()} how to react. */
public final class PolicyEvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, so the caller can choose retry, fail-open or fail-closed per kind. */
  public enum Kind {
    /** The bundle file is missing, unreadable or not a valid Wasm bundle. */
    BUNDLE,
    /** The OPA server did not answer in time. */
    TIMEOUT,
    /** The OPA server could not be reached or answered with an error status. */
    UNAVAILABLE,
    /** The answer is not the document the entrypoint produces (undefined, malformed). */
    BAD_RESULT,
    /** The evaluation itself failed (a Wasm trap, a builtin error). */
    EVALUATION
  }

  private final Kind kind;

  public PolicyEvaluationException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = kind;
  }

  public PolicyEvaluationException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
