package io.gpuarbiter.ledger.merkle;

import java.util.Collection;
import java.util.Map;

/** Where a proof builder gets the hashes of perfect subtrees: a database, or memory. */
public interface NodeSource {

  /**
   * The hashes of the requested nodes. Every requested node must be complete in the tree the caller
   * is proving against; a missing one is an {@link IllegalStateException} (corrupt storage).
   */
  Map<NodeId, byte[]> fetch(Collection<NodeId> nodes);
}
