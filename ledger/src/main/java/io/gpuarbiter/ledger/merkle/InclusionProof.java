package io.gpuarbiter.ledger.merkle;

import java.util.List;

/**
 * RFC 9162 §2.1.3 inclusion proof (audit path) of leaf {@code leafIndex} in a tree of {@code
 * treeSize}.
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> hashes) {
  public InclusionProof {
    hashes = List.copyOf(hashes);
  }
}
