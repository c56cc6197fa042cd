package io.gpuarbiter.ledger.checkpoint;

import io.gpuarbiter.ledger.merkle.Hashes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;

/** C2SP signed-note key conventions for Ed25519 (signature type 0x01). */
public final class NoteKeys {

  /** The signature-type byte for Ed25519 in signed notes. */
  public static final byte ED25519 = 0x01;

  private static final int X509_ED25519_PREFIX = 12;

  private NoteKeys() {}

  /** Key ID = first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ 32-byte public key). */
  public static byte[] keyId(String name, byte[] rawPublicKey) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(name.getBytes(StandardCharsets.UTF_8));
    b.write('\n');
    b.write(ED25519);
    b.writeBytes(rawPublicKey);
    return Arrays.copyOf(Hashes.sha256(b.toByteArray()), 4);
  }

  /** The 32 raw key bytes of an Ed25519 public key (the tail of its X.509 encoding). */
  public static byte[] rawPublicKey(PublicKey key) {
    byte[] x509 = key.getEncoded();
    if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())
        || x509.length != X509_ED25519_PREFIX + 32) {
      throw new IllegalArgumentException("not an Ed25519 public key");
    }
    return Arrays.copyOfRange(x509, X509_ED25519_PREFIX, x509.length);
  }

  /** Key names are one token: no whitespace and no '+', which separates verifier-key fields. */
  public static void checkName(String name) {
    if (name == null || name.isEmpty() || !name.matches("[^\\s+]+")) {
      throw new IllegalArgumentException("key name must be non-empty, without spaces or '+'");
    }
  }
}
