package io.gpuarbiter.admission.arbiter;

import java.util.OptionalLong;

/**
 * Where decisions become durable: the ledger in the service. {@link #append} returns only once the
 * record is durable, so a decision is never answered before it is recorded.
 */
public interface DecisionLog {
  /**
   * Appends one record durably.
   *
   * @return the ledger sequence number if already assigned, else empty (it is sequenced shortly)
   * @throws DecisionLogUnavailable when the record could not be made durable
   */
  OptionalLong append(DecisionRecord record) throws DecisionLogUnavailable;

  /** The log could not make a record durable; nothing was answered as allowed. */
  final class DecisionLogUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public DecisionLogUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
