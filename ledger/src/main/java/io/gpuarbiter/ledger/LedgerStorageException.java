package io.gpuarbiter.ledger;

/**
 * The database failed or holds data the ledger cannot accept (an internal error: 5xx). For an
 * append it means the entry may or may not have been stored; the caller must treat it as not
 * acknowledged.
 */
public final class LedgerStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerStorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public LedgerStorageException(String message) {
    super(message);
  }
}
