package io.gpuarbiter.identity;

/**
 * The identity directory could not be asked. {@link #reason()} says whether retrying can help
 * ({@link Reason#UNAVAILABLE}) or the configuration or the provider is wrong.
 */
public final class IdentityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a lookup failed. */
  public enum Reason {
    /** Network error, timeout or a 5xx answer: the provider may be back later. */
    UNAVAILABLE,
    /** The provider refused our credentials (401/403): the client id, secret or roles are wrong. */
    REJECTED,
    /** The provider answered something we do not understand (unexpected status or body). */
    PROTOCOL
  }

  private final Reason reason;

  public IdentityException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public IdentityException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
