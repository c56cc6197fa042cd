package io.gpuarbiter.ledger.verify;

import io.gpuarbiter.ledger.checkpoint.Checkpoint;
import io.gpuarbiter.ledger.checkpoint.NoteSigner;
import io.gpuarbiter.ledger.encoding.EntryCodec;
import io.gpuarbiter.ledger.merkle.Hashes;
import io.gpuarbiter.ledger.merkle.MemoryTree;
import io.gpuarbiter.ledger.testing.Drafts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the files under src/test/resources/vectors/: a valid 12-entry export with checkpoints
 * at 3, 7 and 12, and one damaged copy per attack. Deterministic (seeded keys, Ed25519 signatures
 * are deterministic), so {@link TamperVectorsTest} can also check the committed files are current.
 * Regenerate with: {@code java -cp <test classpath> io.gpuarbiter.ledger.verify.TamperVectors
 * ledger/src/test/resources/vectors}.
 */
public final class TamperVectors {

  static final String ORIGIN = "gpu-arbiter.test/vectors";
  private static final Base64.Encoder B64 = Base64.getEncoder();

  private TamperVectors() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    for (Map.Entry<String, String> f : generate().entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), f.getValue());
    }
  }

  static KeyPair key(long seed) throws Exception {
    SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
    rnd.setSeed(seed);
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(255, rnd);
    return g.generateKeyPair();
  }

  /** File name → content. */
  static Map<String, String> generate() throws Exception {
    NoteSigner signer = new NoteSigner(ORIGIN, key(42));
    NoteSigner forger = new NoteSigner(ORIGIN, key(666));
    List<byte[]> canonical = new ArrayList<>();
    MemoryTree tree = new MemoryTree();
    for (int i = 0; i < 12; i++) {
      canonical.add(EntryCodec.encode(Drafts.draft(i)));
      tree.append(Hashes.leafHash(canonical.get(i)));
    }
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      entries.add(entryLine(i, canonical.get(i)));
    }
    String cp3 = checkpoint(signer, tree, 3);
    String cp7 = checkpoint(signer, tree, 7);
    String cp12 = checkpoint(signer, tree, 12);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("verifier.key", signer.verifierKey() + "\n");
    files.put("valid.export", export(entries, cp3, cp7, cp12));
    files.put(
        "flipped-byte.export",
        export(replace(entries, 5, flipped(5, canonical.get(5), false)), cp3, cp7, cp12));
    files.put(
        "flipped-byte-rehashed.export",
        export(replace(entries, 5, flipped(5, canonical.get(5), true)), cp3, cp7, cp12));
    List<String> swapped = new ArrayList<>(entries);
    swapped.set(4, entries.get(5));
    swapped.set(5, entries.get(4));
    files.put("reordered.export", export(swapped, cp3, cp7, cp12));
    List<String> renumbered = new ArrayList<>(entries);
    renumbered.set(4, entryLine(4, canonical.get(5)));
    renumbered.set(5, entryLine(5, canonical.get(4)));
    files.put("reordered-renumbered.export", export(renumbered, cp3, cp7, cp12));
    List<String> deleted = new ArrayList<>(entries);
    deleted.remove(6);
    files.put("deleted.export", export(deleted, cp3, cp7, cp12));
    List<String> inserted = new ArrayList<>(entries.subList(0, 6));
    inserted.add(entryLine(6, EntryCodec.encode(Drafts.draft(99))));
    for (int i = 6; i < 12; i++) {
      inserted.add(entryLine(i + 1, canonical.get(i)));
    }
    files.put("inserted.export", export(inserted, cp3, cp7, cp12));
    List<String> appended = new ArrayList<>(entries);
    appended.add(entryLine(12, EntryCodec.encode(Drafts.draft(12))));
    files.put("appended-unsigned.export", export(appended, cp3, cp7, cp12));
    String valid = export(entries, cp3, cp7, cp12);
    files.put("truncated.export", valid.substring(0, valid.indexOf(entries.get(9)) + 30) + "\n");
    files.put("forged-signature.export", export(entries, cp3, cp7, checkpoint(forger, tree, 12)));
    files.put("forged-size.export", export(entries, cp3, cp7, cp12.replace("\n12\n", "\n11\n")));
    files.put("checkpoint-rollback.export", export(entries, cp3, cp12, cp7));
    files.put("rolled-back.export", export(entries.subList(0, 7), cp3, cp7));
    files.put("trusted-checkpoint-12.txt", cp12);
    files.put("checkpoint-12.txt", cp12);
    inclusionFiles(files, tree, canonical.get(5));
    return files;
  }

  private static void inclusionFiles(Map<String, String> files, MemoryTree tree, byte[] entry5) {
    files.put("entry-5.json", "{\"seq\":5,\"canonical\":\"" + B64.encodeToString(entry5) + "\"}\n");
    files.put("inclusion-5-12.json", ProofFiles.inclusionJson(tree.proofs().inclusion(5, 12)));
    var proof = tree.proofs().inclusion(5, 12);
    List<byte[]> bad = new ArrayList<>(proof.hashes());
    byte[] h = bad.get(1).clone();
    h[0] ^= 1;
    bad.set(1, h);
    files.put(
        "inclusion-5-12-tampered.json",
        ProofFiles.inclusionJson(new io.gpuarbiter.ledger.merkle.InclusionProof(5, 12, bad)));
  }

  private static String entryLine(int seq, byte[] canonical) {
    return "entry "
        + seq
        + " "
        + B64.encodeToString(Hashes.leafHash(canonical))
        + " "
        + B64.encodeToString(canonical);
  }

  private static String flipped(int seq, byte[] canonical, boolean rehash) {
    byte[] bad = canonical.clone();
    bad[bad.length - 3] ^= 0x01;
    byte[] leaf = Hashes.leafHash(rehash ? bad : canonical);
    return "entry " + seq + " " + B64.encodeToString(leaf) + " " + B64.encodeToString(bad);
  }

  private static List<String> replace(List<String> lines, int i, String line) {
    List<String> out = new ArrayList<>(lines);
    out.set(i, line);
    return out;
  }

  private static String checkpoint(NoteSigner signer, MemoryTree tree, long size) {
    return signer.sign(new Checkpoint(ORIGIN, size, tree.proofs().root(size)).body());
  }

  private static String export(List<String> entries, String... checkpoints) {
    StringBuilder b = new StringBuilder(ExportFile.HEADER).append('\n');
    entries.forEach(e -> b.append(e).append('\n'));
    for (String cp : checkpoints) {
      b.append("checkpoint ")
          .append(B64.encodeToString(cp.getBytes(StandardCharsets.UTF_8)))
          .append('\n');
    }
    return b.toString();
  }
}
