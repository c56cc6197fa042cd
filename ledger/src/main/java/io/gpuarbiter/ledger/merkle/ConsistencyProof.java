package io.gpuarbiter.ledger.merkle;

import java.util.List;

/** RFC 9162 §2.1.4 consistency proof between tree sizes {@code fromSize} ≤ {@code toSize}. */
public record ConsistencyProof(long fromSize, long toSize, List<byte[]> hashes) {
  public ConsistencyProof {
    hashes = List.copyOf(hashes);
  }
}
