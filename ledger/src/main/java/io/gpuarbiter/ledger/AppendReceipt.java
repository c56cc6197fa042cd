package io.gpuarbiter.ledger;

/**
 * Acknowledgement of a durable append. {@code queueId} identifies the entry from now on; it orders
 * entries by commit time of their insert but has gaps (rolled-back inserts). The dense position in
 * the tree, {@code seq}, is assigned later by the sequencer.
 */
public record AppendReceipt(long queueId, byte[] leafHash) {
  public AppendReceipt {
    leafHash = leafHash.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }
}
