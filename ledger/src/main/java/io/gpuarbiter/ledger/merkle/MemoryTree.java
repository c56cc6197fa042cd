package io.gpuarbiter.ledger.merkle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole tree in memory (all perfect nodes, about 64 bytes per leaf): for the verifier, which
 * recomputes everything from the entries and trusts no stored node, and for tests.
 */
public final class MemoryTree implements NodeSource {

  private final List<List<byte[]>> levels = new ArrayList<>();
  private final CompactRange edge = new CompactRange();

  /** Appends one leaf hash. */
  public void append(byte[] leafHash) {
    long index = edge.size();
    put(new NodeId(0, index), leafHash);
    for (CompactRange.Node n : edge.append(leafHash)) {
      put(n.id(), n.hash());
    }
  }

  /** Number of leaves. */
  public long size() {
    return edge.size();
  }

  /** Root of the whole current tree. */
  public byte[] root() {
    return edge.root();
  }

  /** Builder of roots and proofs for any size up to {@link #size()}. */
  public ProofBuilder proofs() {
    return new ProofBuilder(this);
  }

  private void put(NodeId id, byte[] hash) {
    while (levels.size() <= id.level()) {
      levels.add(new ArrayList<>());
    }
    List<byte[]> level = levels.get(id.level());
    if (level.size() != id.index()) {
      throw new IllegalStateException("nodes must be appended in order: " + id);
    }
    level.add(hash);
  }

  @Override
  public Map<NodeId, byte[]> fetch(Collection<NodeId> nodes) {
    Map<NodeId, byte[]> out = new HashMap<>();
    for (NodeId id : nodes) {
      if (id.level() < levels.size() && id.index() < levels.get(id.level()).size()) {
        out.put(id, levels.get(id.level()).get((int) id.index()));
      }
    }
    return out;
  }
}
