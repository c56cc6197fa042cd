package io.gpuarbiter.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every leaf of every tree size 1..64 and every pair of sizes: proofs verify, and a proof with any
 * single bit flipped, a hash dropped or added, or presented for the wrong index/size does not.
 * Sizes that are not powers of two exercise the RFC 9162 right-edge cases.
 */
class ProofRoundTripTest {

  private static final int MAX = 64;

  private static MemoryTree tree(int size) {
    MemoryTree t = new MemoryTree();
    for (int i = 0; i < size; i++) {
      t.append(Hashes.leafHash(ByteBuffer.allocate(4).putInt(i).array()));
    }
    return t;
  }

  @Test
  void inclusionProofsVerifyForEveryLeafOfEverySize() {
    MemoryTree t = tree(MAX);
    for (long size = 1; size <= MAX; size++) {
      byte[] root = t.proofs().root(size);
      for (long i = 0; i < size; i++) {
        InclusionProof p = t.proofs().inclusion(i, size);
        byte[] leaf = Hashes.leafHash(ByteBuffer.allocate(4).putInt((int) i).array());
        assertThatCode(() -> ProofVerifier.verifyInclusion(leaf, p, root))
            .doesNotThrowAnyException();
        assertTampered(leaf, p, root);
      }
    }
  }

  private static void assertTampered(byte[] leaf, InclusionProof p, byte[] root) {
    for (int h = 0; h < p.hashes().size(); h++) {
      List<byte[]> flipped = new ArrayList<>(p.hashes());
      byte[] bad = flipped.get(h).clone();
      bad[h % 32] ^= 1;
      flipped.set(h, bad);
      InclusionProof q = new InclusionProof(p.leafIndex(), p.treeSize(), flipped);
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(leaf, q, root))
          .isInstanceOf(ProofException.class);
    }
    List<byte[]> longer = new ArrayList<>(p.hashes());
    longer.add(root);
    assertThatThrownBy(() ->
            ProofVerifier.verifyInclusion(
                leaf, new InclusionProof(p.leafIndex(), p.treeSize(), longer), root))
        .isInstanceOf(ProofException.class);
    if (!p.hashes().isEmpty()) {
      List<byte[]> shorter = p.hashes().subList(0, p.hashes().size() - 1);
      assertThatThrownBy(() ->
              ProofVerifier.verifyInclusion(
                  leaf, new InclusionProof(p.leafIndex(), p.treeSize(), shorter), root))
          .isInstanceOf(ProofException.class);
      long other = (p.leafIndex() + 1) % p.treeSize();
      assertThatThrownBy(() ->
              ProofVerifier.verifyInclusion(
                  leaf, new InclusionProof(other, p.treeSize(), p.hashes()), root))
          .isInstanceOf(ProofException.class);
    }
  }

  @Test
  void consistencyProofsVerifyForEveryPairOfSizes() {
    MemoryTree t = tree(MAX);
    for (long to = 1; to <= MAX; to++) {
      byte[] newRoot = t.proofs().root(to);
      for (long from = 0; from <= to; from++) {
        byte[] oldRoot = t.proofs().root(from);
        List<byte[]> proof = t.proofs().consistency(from, to).hashes();
        long m = from;
        long n = to;
        assertThatCode(() -> ProofVerifier.verifyConsistency(m, n, oldRoot, newRoot, proof))
            .doesNotThrowAnyException();
        if (from > 0 && from < to) {
          for (int h = 0; h < proof.size(); h++) {
            List<byte[]> flipped = new ArrayList<>(proof);
            byte[] bad = flipped.get(h).clone();
            bad[31] ^= (byte) 0x80;
            flipped.set(h, bad);
            assertThatThrownBy(
                    () -> ProofVerifier.verifyConsistency(m, n, oldRoot, newRoot, flipped))
                .isInstanceOf(ProofException.class);
          }
          byte[] forgedOld = t.proofs().root(from - 1);
          assertThatThrownBy(() -> ProofVerifier.verifyConsistency(m, n, forgedOld, newRoot, proof))
              .isInstanceOf(ProofException.class);
        }
      }
    }
  }

  @Test
  void consistencyRejectsBackwardsSizesAndDifferentRootsAtOneSize() {
    MemoryTree t = tree(8);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(5, 4, t.root(), t.root(), List.of()))
        .isInstanceOf(ProofException.class);
    assertThatThrownBy(() ->
            ProofVerifier.verifyConsistency(
                8, 8, t.proofs().root(8), t.proofs().root(7), List.of()))
        .isInstanceOf(ProofException.class);
  }
}
