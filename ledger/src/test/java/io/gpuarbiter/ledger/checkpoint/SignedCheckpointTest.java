package io.gpuarbiter.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.ledger.merkle.Hashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedCheckpointTest {

  private static final KeyPair KEYS = KeyFiles.generate();
  private static final String ORIGIN = "gpu-arbiter.example/ledger";

  @Test
  void bodyIsTheC2spThreeLineFormat() throws Exception {
    Checkpoint cp =
        new Checkpoint(
            ORIGIN,
            8,
            HexFormat.of()
                .parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));
    assertThat(cp.body())
        .isEqualTo("gpu-arbiter.example/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
    assertThat(Checkpoint.parse(cp.body())).isEqualTo(cp);
  }

  @Test
  void signedNoteHasTheSpecShapeAndVerifies() throws Exception {
    NoteSigner signer = new NoteSigner(ORIGIN, KEYS);
    Checkpoint cp = new Checkpoint(ORIGIN, 3, Hashes.emptyRoot());
    String note = signer.sign(cp.body());
    assertThat(note).startsWith(cp.body() + "\n\u2014 " + ORIGIN + " ");
    String sigLine = note.substring(cp.body().length() + 1).trim();
    byte[] sig = Base64.getDecoder().decode(sigLine.substring(sigLine.lastIndexOf(' ') + 1));
    assertThat(sig).hasSize(68);

    String vkey = signer.verifierKey();
    String[] parts = vkey.split("\\+", 3);
    assertThat(parts[0]).isEqualTo(ORIGIN);
    byte[] typed = Base64.getDecoder().decode(parts[2]);
    assertThat(typed[0]).isEqualTo((byte) 1);
    byte[] id =
        java.util.Arrays.copyOf(
            Hashes.sha256(concat((ORIGIN + "\n").getBytes(StandardCharsets.UTF_8), typed)), 4);
    assertThat(parts[1]).isEqualTo(HexFormat.of().formatHex(id));
    assertThat(java.util.Arrays.copyOf(sig, 4)).isEqualTo(id);

    assertThat(new NoteVerifier(vkey).verifyCheckpoint(note)).isEqualTo(cp);
  }

  @Test
  void forgedOrAlteredNotesAreRejected() throws Exception {
    NoteSigner signer = new NoteSigner(ORIGIN, KEYS);
    NoteVerifier verifier = new NoteVerifier(signer.verifierKey());
    String note = signer.sign(new Checkpoint(ORIGIN, 3, Hashes.emptyRoot()).body());
    assertThatThrownBy(() -> verifier.verify(note.replace("\n3\n", "\n4\n")))
        .isInstanceOf(CheckpointException.class);
    String forger =
        new NoteSigner(ORIGIN, KeyFiles.generate())
            .sign(new Checkpoint(ORIGIN, 3, Hashes.emptyRoot()).body());
    assertThatThrownBy(() -> verifier.verify(forger)).hasMessageContaining("no valid signature");
    assertThatThrownBy(() -> verifier.verify("no blank line\n"))
        .isInstanceOf(CheckpointException.class);
    assertThatThrownBy(() ->
            new NoteVerifier(signer.verifierKey().replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+")))
        .hasMessageContaining("key ID");
  }

  @Test
  void otherSignersLinesAreIgnored() throws Exception {
    NoteSigner signer = new NoteSigner(ORIGIN, KEYS);
    String note = signer.sign(new Checkpoint(ORIGIN, 1, Hashes.emptyRoot()).body());
    String cosigned = note + "\u2014 witness.example AAAAAAAA\n";
    assertThat(new NoteVerifier(signer.verifierKey()).verify(cosigned)).endsWith("\n");
  }

  @Test
  void keyIsGeneratedOnceWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
    KeyPair first = KeyFiles.loadOrGenerate(dir);
    KeyPair again = KeyFiles.loadOrGenerate(dir);
    assertThat(again.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(KeyFiles.PRIVATE_FILE))))
        .isEqualTo("rw-------");
    assertThat(new NoteSigner(ORIGIN, again).publicKeyPem())
        .startsWith("-----BEGIN PUBLIC KEY-----");
  }

  @Test
  void mismatchedKeyPairIsRefused() {
    KeyPair a = KeyFiles.generate();
    KeyPair b = KeyFiles.generate();
    assertThatThrownBy(() -> new NoteSigner(ORIGIN, new KeyPair(a.getPublic(), b.getPrivate())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
