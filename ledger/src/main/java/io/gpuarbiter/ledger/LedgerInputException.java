package io.gpuarbiter.ledger;

/**
 * The caller asked for something the log cannot answer as asked. The API layer maps {@link
 * NotFound} to 404 and {@link Invalid} to 400; the message is safe to show to the caller.
 */
public abstract sealed class LedgerInputException extends RuntimeException
    permits LedgerInputException.NotFound, LedgerInputException.Invalid {
  private static final long serialVersionUID = 1L;

  LedgerInputException(String message) {
    super(message);
  }

  /** No such entry, queued entry or checkpoint (e.g. a seq at or beyond the tree size). */
  public static final class NotFound extends LedgerInputException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message);
    }
  }

  /** Arguments that can never be valid (negative numbers, from > to, a size beyond the tree). */
  public static final class Invalid extends LedgerInputException {
    private static final long serialVersionUID = 1L;

    public Invalid(String message) {
      super(message);
    }
  }
}
