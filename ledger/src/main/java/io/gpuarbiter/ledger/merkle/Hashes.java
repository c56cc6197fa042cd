package io.gpuarbiter.ledger.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 9162 §2.1.1 hashing with SHA-256: leaves and interior nodes are domain-separated by a prefix
 * byte, so a leaf can never be passed off as a node (second-preimage resistance).
 */
public final class Hashes {

  /** Length of every hash in the tree. */
  public static final int SIZE = 32;

  private static final byte[] EMPTY_ROOT = sha256(new byte[0]);

  private Hashes() {}

  /** MTH({}) = SHA-256(""): the root of the empty tree. */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  /** MTH({d}) = SHA-256(0x00 ‖ d). */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest md = digest();
    md.update((byte) 0x00);
    md.update(entry);
    return md.digest();
  }

  /** SHA-256(0x01 ‖ left ‖ right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest md = digest();
    md.update((byte) 0x01);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** Plain SHA-256. */
  public static byte[] sha256(byte[] data) {
    return digest().digest(data);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
