package io.gpuarbiter.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a growing tree: one perfect subtree per set bit of the size. Enough to append
 * leaves, to know which new perfect nodes they complete, and to compute the current root, without
 * reading the rest of the tree.
 */
public final class CompactRange {

  private final List<NodeId> ids = new ArrayList<>();
  private final List<byte[]> hashes = new ArrayList<>();
  private long size;

  /** An empty tree. */
  public CompactRange() {}

  /**
   * The compact range of a tree of {@code size} leaves, given the hashes of {@link #frontier(long)
   * frontier(size)} in that order.
   */
  public static CompactRange of(long size, List<byte[]> frontierHashes) {
    List<NodeId> ids = frontier(size);
    if (ids.size() != frontierHashes.size()) {
      throw new IllegalArgumentException("frontier of size " + size + " has " + ids.size());
    }
    CompactRange range = new CompactRange();
    range.ids.addAll(ids);
    range.hashes.addAll(frontierHashes);
    range.size = size;
    return range;
  }

  /** The perfect nodes making up [0, size), left (largest) to right. */
  public static List<NodeId> frontier(long size) {
    return size == 0 ? List.of() : TreeMath.perfectNodes(0, size);
  }

  /** Number of leaves. */
  public long size() {
    return size;
  }

  /**
   * Appends a leaf and returns the perfect nodes above level 0 this completes, bottom-up, so the
   * caller can store them.
   */
  public List<Node> append(byte[] leafHash) {
    List<Node> completed = new ArrayList<>();
    NodeId id = new NodeId(0, size);
    byte[] hash = leafHash;
    while (!ids.isEmpty() && ids.get(ids.size() - 1).level() == id.level()) {
      int last = ids.size() - 1;
      hash = Hashes.nodeHash(hashes.remove(last), hash);
      ids.remove(last);
      id = new NodeId(id.level() + 1, id.index() >> 1);
      completed.add(new Node(id, hash));
    }
    ids.add(id);
    hashes.add(hash);
    size++;
    return completed;
  }

  /** MTH of the current tree. */
  public byte[] root() {
    if (size == 0) {
      return Hashes.emptyRoot();
    }
    byte[] acc = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      acc = Hashes.nodeHash(hashes.get(i), acc);
    }
    return acc;
  }

  /** A perfect node and its hash. */
  public record Node(NodeId id, byte[] hash) {}
}
