package io.gpuarbiter.ledger.encoding;

/** Canonical bytes that do not decode: wrong version, truncated, trailing garbage, bad UTF-8. */
public final class MalformedEntryException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedEntryException(String message) {
    super(message);
  }
}
