package io.gpuarbiter.ledger.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1.3.2 and §2.1.4.2 verification. Pure functions over hashes: this is what an auditor
 * runs offline, trusting only a signed checkpoint.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /**
   * Checks that {@code leafHash} is leaf {@code proof.leafIndex()} of the tree with {@code root}.
   */
  public static void verifyInclusion(byte[] leafHash, InclusionProof proof, byte[] root)
      throws ProofException {
    byte[] computed = rootFromInclusion(leafHash, proof);
    if (!MessageDigest.isEqual(computed, root)) {
      throw new ProofException(
          "inclusion proof for leaf %d leads to a different root for tree size %d"
              .formatted(proof.leafIndex(), proof.treeSize()));
    }
  }

  /** The root an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1-5). */
  public static byte[] rootFromInclusion(byte[] leafHash, InclusionProof proof)
      throws ProofException {
    long fn = proof.leafIndex();
    long sn = proof.treeSize() - 1;
    if (fn < 0 || fn > sn) {
      throw new ProofException(
          "leaf index %d outside tree size %d".formatted(fn, proof.treeSize()));
    }
    byte[] r = checkedHash(leafHash);
    for (byte[] p : proof.hashes()) {
      checkedHash(p);
      if (sn == 0) {
        throw new ProofException("inclusion proof has more hashes than the tree has levels");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Hashes.nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = Hashes.nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new ProofException("inclusion proof is too short for tree size " + proof.treeSize());
    }
    return r;
  }

  /**
   * Checks that the tree of {@code fromSize} with {@code fromRoot} is a prefix of the tree of
   * {@code toSize} with {@code toRoot}.
   */
  public static void verifyConsistency(
      long fromSize, long toSize, byte[] fromRoot, byte[] toRoot, List<byte[]> proof)
      throws ProofException {
    if (fromSize < 0 || fromSize > toSize) {
      throw new ProofException("sizes go backwards: %d → %d".formatted(fromSize, toSize));
    }
    if (fromSize == toSize || fromSize == 0) {
      if (!proof.isEmpty()) {
        throw new ProofException("a consistency proof from size 0 or to the same size is empty");
      }
      if (fromSize == toSize && !MessageDigest.isEqual(fromRoot, toRoot)) {
        throw new ProofException("two different roots for the same tree size " + toSize);
      }
      return;
    }
    if (proof.isEmpty()) {
      throw new ProofException("empty consistency proof for %d → %d".formatted(fromSize, toSize));
    }
    for (byte[] h : proof) {
      checkedHash(h);
    }
    verifyNonTrivialConsistency(fromSize, toSize, fromRoot, toRoot, proof);
  }

  private static void verifyNonTrivialConsistency(
      long fromSize, long toSize, byte[] fromRoot, byte[] toRoot, List<byte[]> proof)
      throws ProofException {
    List<byte[]> path = proof;
    if (Long.bitCount(fromSize) == 1) {
      // The old tree is a complete subtree of the new one: its root is the proof's first node.
      path = new ArrayList<>(proof);
      path.add(0, fromRoot);
    }
    long fn = fromSize - 1;
    long sn = toSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        throw new ProofException("consistency proof has too many hashes");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Hashes.nodeHash(c, fr);
        sr = Hashes.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = Hashes.nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new ProofException("consistency proof is too short");
    }
    if (!MessageDigest.isEqual(fr, fromRoot)) {
      throw new ProofException("consistency proof does not lead to the old root");
    }
    if (!MessageDigest.isEqual(sr, toRoot)) {
      throw new ProofException("consistency proof does not lead to the new root");
    }
  }

  private static byte[] checkedHash(byte[] h) throws ProofException {
    if (h == null || h.length != Hashes.SIZE) {
      throw new ProofException("a proof hash is not 32 bytes");
    }
    return h;
  }
}
