package io.gpuarbiter.ledger.checkpoint;

/** A checkpoint or signed note that is malformed or whose signature does not verify. */
public final class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }
}
