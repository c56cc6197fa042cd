package io.gpuarbiter.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 / Certificate Transparency reference vectors (8 leaves), as used by
 * transparency-dev/merkle's testonly package: roots of every prefix, and published proofs.
 */
class MerkleVectorsTest {

  static final HexFormat HEX = HexFormat.of();

  static final List<byte[]> LEAVES =
      List.of(
          HEX.parseHex(""),
          HEX.parseHex("00"),
          HEX.parseHex("10"),
          HEX.parseHex("2021"),
          HEX.parseHex("3031"),
          HEX.parseHex("40414243"),
          HEX.parseHex("5051525354555657"),
          HEX.parseHex("606162636465666768696a6b6c6d6e6f"));

  static final List<String> ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  static MemoryTree tree() {
    MemoryTree t = new MemoryTree();
    LEAVES.forEach(l -> t.append(Hashes.leafHash(l)));
    return t;
  }

  @Test
  void emptyTreeRootIsSha256OfNothing() {
    assertThat(HEX.formatHex(Hashes.emptyRoot())).isEqualTo(ROOTS.get(0));
    assertThat(HEX.formatHex(new MemoryTree().root())).isEqualTo(ROOTS.get(0));
  }

  @Test
  void rootOfEveryPrefixMatchesTheReference() {
    MemoryTree t = tree();
    for (int size = 0; size <= 8; size++) {
      assertThat(HEX.formatHex(t.proofs().root(size)))
          .as("size %d", size)
          .isEqualTo(ROOTS.get(size));
    }
    CompactRange edge = new CompactRange();
    for (int i = 0; i < 8; i++) {
      edge.append(Hashes.leafHash(LEAVES.get(i)));
      assertThat(HEX.formatHex(edge.root())).isEqualTo(ROOTS.get(i + 1));
    }
  }

  @Test
  void inclusionProofsMatchTheReference() throws ProofException {
    MemoryTree t = tree();
    assertProof(
        t.proofs().inclusion(0, 8).hashes(),
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertProof(
        t.proofs().inclusion(5, 8).hashes(),
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(t.proofs().inclusion(0, 1).hashes()).isEmpty();
    ProofVerifier.verifyInclusion(
        Hashes.leafHash(LEAVES.get(5)), t.proofs().inclusion(5, 8), HEX.parseHex(ROOTS.get(8)));
  }

  @Test
  void consistencyProofsMatchTheReference() throws ProofException {
    MemoryTree t = tree();
    assertThat(t.proofs().consistency(1, 1).hashes()).isEmpty();
    assertProof(
        t.proofs().consistency(1, 8).hashes(),
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertProof(
        t.proofs().consistency(6, 8).hashes(),
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertProof(
        t.proofs().consistency(2, 5).hashes(),
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    ProofVerifier.verifyConsistency(
        6,
        8,
        HEX.parseHex(ROOTS.get(6)),
        HEX.parseHex(ROOTS.get(8)),
        t.proofs().consistency(6, 8).hashes());
  }

  private static void assertProof(List<byte[]> actual, String... expected) {
    assertThat(actual.stream().map(HEX::formatHex).toList()).containsExactly(expected);
  }
}
