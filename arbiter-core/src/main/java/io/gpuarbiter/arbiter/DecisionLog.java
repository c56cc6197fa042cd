package io.gpuarbiter.arbiter;

import java.util.OptionalLong;

/**
 * Where decisions become durable: the ledger in the service. {@link #append} returns only once the
 * record is durable, so a decision is never answered before it is recorded.
 */
public interface DecisionLog {
  /**
   * Appends one record durably.
   *
   * @return where the record is: its durable entry id, and its sequence number if already assigned
   *     (the sequencer numbers entries in batches, within a second)
   * @throws DecisionLogUnavailable when the record could not be made durable
   */
  Position append(DecisionRecord record) throws DecisionLogUnavailable;

  /**
   * @param entry the durable id of the record (the ledger's queue id)
   * @param seq its position in the verifiable log, once sequenced
   */
  record Position(long entry, OptionalLong seq) {}

  /** The log could not make a record durable; nothing was answered as allowed. */
  final class DecisionLogUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public DecisionLogUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
