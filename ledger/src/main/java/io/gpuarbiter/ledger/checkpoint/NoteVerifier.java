package io.gpuarbiter.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Verifies C2SP signed notes against one verifier key ({@code <name>+<hex key ID>+<base64(0x01 ‖
 * public key)>}). Signature lines from other keys are ignored, as the spec requires; the note is
 * accepted only if a line from this key verifies.
 */
public final class NoteVerifier {

  private static final byte[] X509_ED25519_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private final String name;
  private final byte[] keyId;
  private final PublicKey publicKey;

  public NoteVerifier(String verifierKey) throws CheckpointException {
    String[] parts = verifierKey.trim().split("\\+", 3);
    if (parts.length != 3) {
      throw new CheckpointException("verifier key must be <name>+<hex key id>+<base64 key>");
    }
    this.name = parts[0];
    byte[] typed;
    try {
      NoteKeys.checkName(name);
      this.keyId = HexFormat.of().parseHex(parts[1]);
      typed = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException("malformed verifier key: " + e.getMessage());
    }
    if (keyId.length != 4 || typed.length != 33 || typed[0] != NoteKeys.ED25519) {
      throw new CheckpointException("verifier key is not an Ed25519 signed-note key");
    }
    byte[] raw = Arrays.copyOfRange(typed, 1, 33);
    if (!Arrays.equals(keyId, NoteKeys.keyId(name, raw))) {
      throw new CheckpointException("verifier key ID does not match its name and public key");
    }
    this.publicKey = toPublicKey(raw);
  }

  /** The key name. */
  public String name() {
    return name;
  }

  /** Verifies {@code note} and returns its text (the signed part, ending with a newline). */
  public String verify(String note) throws CheckpointException {
    int split = note.lastIndexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) {
      throw new CheckpointException("not a signed note: no blank line before signatures");
    }
    String text = note.substring(0, split + 1);
    String[] lines = note.substring(split + 2, note.length() - 1).split("\n", -1);
    for (String line : lines) {
      if (matchesSignature(text, line)) {
        return text;
      }
    }
    throw new CheckpointException("no valid signature by " + name + " on the note");
  }

  /** Verifies a signed checkpoint note and parses its body. */
  public Checkpoint verifyCheckpoint(String note) throws CheckpointException {
    return Checkpoint.parse(verify(note));
  }

  private boolean matchesSignature(String text, String line) throws CheckpointException {
    String prefix = "\u2014 " + name + " ";
    if (!line.startsWith(prefix)) {
      return false;
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(line.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException("signature line is not base64");
    }
    if (sig.length != 4 + 64 || !Arrays.equals(Arrays.copyOf(sig, 4), keyId)) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(publicKey);
      s.update(text.getBytes(StandardCharsets.UTF_8));
      return s.verify(sig, 4, 64);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static PublicKey toPublicKey(byte[] raw) throws CheckpointException {
    byte[] x509 = Arrays.copyOf(X509_ED25519_PREFIX, X509_ED25519_PREFIX.length + 32);
    System.arraycopy(raw, 0, x509, X509_ED25519_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    } catch (GeneralSecurityException e) {
      throw new CheckpointException("invalid Ed25519 public key");
    }
  }
}
