package io.gpuarbiter.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/** Signs C2SP signed notes with one Ed25519 key under one key name. */
public final class NoteSigner {

  private final String name;
  private final KeyPair keys;
  private final byte[] rawPublicKey;
  private final byte[] keyId;

  /** Checks that the pair belongs together by signing and verifying a probe. */
  public NoteSigner(String name, KeyPair keys) {
    NoteKeys.checkName(name);
    this.name = name;
    this.keys = keys;
    this.rawPublicKey = NoteKeys.rawPublicKey(keys.getPublic());
    this.keyId = NoteKeys.keyId(name, rawPublicKey);
    try {
      new NoteVerifier(verifierKey()).verify(sign("probe\n"));
    } catch (CheckpointException e) {
      throw new IllegalArgumentException("private and public key do not form a pair", e);
    }
  }

  /** The key name (for this ledger: the checkpoint origin). */
  public String name() {
    return name;
  }

  /** The verifier key string: {@code <name>+<hex key ID>+<base64(0x01 ‖ public key)>}. */
  public String verifierKey() {
    byte[] typed = ByteBuffer.allocate(33).put(NoteKeys.ED25519).put(rawPublicKey).array();
    return name
        + "+"
        + HexFormat.of().formatHex(keyId)
        + "+"
        + Base64.getEncoder().encodeToString(typed);
  }

  /** The public key as a PEM SubjectPublicKeyInfo block. */
  public String publicKeyPem() {
    return KeyFiles.pem("PUBLIC KEY", keys.getPublic().getEncoded());
  }

  /**
   * The signed note for {@code text}: the text, a blank line, and the signature line {@code —
   * <name> <base64(key ID ‖ signature)>}.
   */
  public String sign(String text) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(keys.getPrivate());
      s.update(text.getBytes(StandardCharsets.UTF_8));
      byte[] sig = s.sign();
      byte[] line = ByteBuffer.allocate(4 + sig.length).put(keyId).put(sig).array();
      return text + "\n\u2014 " + name + " " + Base64.getEncoder().encodeToString(line) + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }
}
