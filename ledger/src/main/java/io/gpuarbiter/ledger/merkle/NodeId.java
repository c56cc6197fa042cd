package io.gpuarbiter.ledger.merkle;

/**
 * A perfect subtree: at {@code level} L it covers the 2^L leaves starting at {@code index} × 2^L.
 * Level 0 is a leaf.
 */
public record NodeId(int level, long index) {

  public NodeId {
    if (level < 0 || level > 62 || index < 0) {
      throw new IllegalArgumentException("bad node id " + level + "/" + index);
    }
  }

  /** First leaf covered. */
  public long firstLeaf() {
    return index << level;
  }

  /** Number of leaves covered. */
  public long width() {
    return 1L << level;
  }
}
