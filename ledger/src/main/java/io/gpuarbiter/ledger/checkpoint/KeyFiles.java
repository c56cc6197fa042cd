package io.gpuarbiter.ledger.checkpoint;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The checkpoint signing key on disk: {@value #PRIVATE_FILE} (PKCS#8 PEM, mode 0600) and {@value
 * #PUBLIC_FILE} (SubjectPublicKeyInfo PEM). Both are needed to load a key: the JDK cannot derive an
 * Ed25519 public key from a PKCS#8 v1 private key.
 */
public final class KeyFiles {

  public static final String PRIVATE_FILE = "checkpoint-signing-key.pem";
  public static final String PUBLIC_FILE = "checkpoint-signing-key.pub.pem";

  private KeyFiles() {}

  /**
   * Loads the key pair from {@code dir}, or generates and writes one if the directory holds neither
   * file. Safe against two processes starting at once: the private key is created with CREATE_NEW,
   * and the loser of that race loads the winner's key.
   */
  public static KeyPair loadOrGenerate(Path dir) throws IOException {
    Path priv = dir.resolve(PRIVATE_FILE);
    Path pub = dir.resolve(PUBLIC_FILE);
    if (Files.exists(priv)) {
      return load(priv, pub);
    }
    Files.createDirectories(dir);
    KeyPair pair = generate();
    try {
      writePrivate(priv, pair.getPrivate());
    } catch (FileAlreadyExistsException raced) {
      return load(priv, pub);
    }
    Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    return pair;
  }

  /** Loads a supplied key pair. */
  public static KeyPair load(Path privatePem, Path publicPem) throws IOException {
    try {
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      PrivateKey priv =
          kf.generatePrivate(new PKCS8EncodedKeySpec(unpem(Files.readString(privatePem))));
      PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(unpem(Files.readString(publicPem))));
      return new KeyPair(pub, priv);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("not an Ed25519 key pair: " + privatePem + ", " + publicPem, e);
    }
  }

  /** A fresh Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
  }

  /** Writes a private key readable by its owner only. */
  public static void writePrivate(Path file, PrivateKey key) throws IOException {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()), StandardOpenOption.WRITE);
  }

  static String pem(String type, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }

  private static byte[] unpem(String text) {
    String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }
}
