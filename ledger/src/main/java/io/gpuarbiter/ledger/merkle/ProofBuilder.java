package io.gpuarbiter.ledger.merkle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds roots and RFC 9162 proofs from stored perfect-subtree hashes. Callers validate sizes first
 * (the ledger API turns bad sizes into input errors); here they are programming errors.
 */
public final class ProofBuilder {

  private final NodeSource source;

  public ProofBuilder(NodeSource source) {
    this.source = source;
  }

  /** MTH(D[0:size]). */
  public byte[] root(long size) {
    if (size == 0) {
      return Hashes.emptyRoot();
    }
    return resolve(List.of(new TreeMath.Range(0, size))).get(0);
  }

  /** Inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
  public InclusionProof inclusion(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " not in a tree of size " + size);
    }
    return new InclusionProof(index, size, resolve(TreeMath.inclusionRanges(index, size)));
  }

  /** Consistency proof from {@code from} to {@code to} leaves (0 ≤ from ≤ to). */
  public ConsistencyProof consistency(long from, long to) {
    if (from < 0 || from > to) {
      throw new IllegalArgumentException("bad consistency sizes " + from + " → " + to);
    }
    return new ConsistencyProof(from, to, resolve(TreeMath.consistencyRanges(from, to)));
  }

  private List<byte[]> resolve(List<TreeMath.Range> ranges) {
    Set<NodeId> needed = new LinkedHashSet<>();
    List<List<NodeId>> perRange = new ArrayList<>();
    for (TreeMath.Range r : ranges) {
      List<NodeId> nodes = TreeMath.perfectNodes(r.from(), r.to());
      perRange.add(nodes);
      needed.addAll(nodes);
    }
    Map<NodeId, byte[]> hashes = source.fetch(needed);
    List<byte[]> out = new ArrayList<>(ranges.size());
    for (List<NodeId> nodes : perRange) {
      byte[] acc = require(hashes, nodes.get(nodes.size() - 1));
      for (int i = nodes.size() - 2; i >= 0; i--) {
        acc = Hashes.nodeHash(require(hashes, nodes.get(i)), acc);
      }
      out.add(acc);
    }
    return out;
  }

  private static byte[] require(Map<NodeId, byte[]> hashes, NodeId id) {
    byte[] h = hashes.get(id);
    if (h == null) {
      throw new IllegalStateException("node " + id + " missing from the tree store");
    }
    return h;
  }
}
