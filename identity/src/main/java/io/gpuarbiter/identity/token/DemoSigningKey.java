package io.gpuarbiter.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Objects;
import java.util.Set;

/**
 * The RSA key (RS256, as Keycloak signs by default) that signs the embedded default's demo tokens.
 * Kept as a private JWK in {@value #FILE_NAME} inside a directory the service owns: created on
 * first use with mode 0600 (directory 0700), reused afterwards so tokens survive a restart. A key
 * file readable by others is refused.
 */
public final class DemoSigningKey {
  public static final String FILE_NAME = "demo-token-signing-key.jwk.json";
  private static final int KEY_BITS = 2048;
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  private final RSAKey key;

  private DemoSigningKey(RSAKey key) {
    if (!key.isPrivate()) {
      throw new IllegalArgumentException("a demo signing key needs its private part");
    }
    this.key = key;
  }

  /** A new key held in memory only (tests, or a service that accepts new keys on restart). */
  public static DemoSigningKey generate() {
    try {
      return new DemoSigningKey(
          new RSAKeyGenerator(KEY_BITS)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .keyIDFromThumbprint(true)
              .generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("the JDK cannot generate an RSA key", e);
    }
  }

  /**
   * The key in {@code directory}/{@value #FILE_NAME}, generated (mode 0600) if absent.
   *
   * @throws IOException if the directory or file cannot be read or written, the file is not a
   *     private RSA JWK, or its permissions let others than the owner read it
   */
  public static DemoSigningKey loadOrCreate(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Path file = directory.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      create(directory, file);
    }
    return load(file);
  }

  /** The key id ({@code kid}): the JWK thumbprint of the public key. */
  public String keyId() {
    return key.getKeyID();
  }

  /** The public key, e.g. for a signature configuration that does not fetch a JWKS. */
  public RSAPublicKey publicKey() {
    try {
      return key.toRSAPublicKey();
    } catch (JOSEException e) {
      throw new IllegalStateException("unreadable RSA public key", e);
    }
  }

  /** The JWKS document with the public key only: {@code {"keys":[{"kty":"RSA",…}]}}. */
  public String jwksJson() {
    return new JWKSet(key.toPublicJWK()).toString(true);
  }

  RSAKey rsaKey() {
    return key;
  }

  private static void create(Path directory, Path file) throws IOException {
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(directory)) {
      if (posix) {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      } else {
        Files.createDirectories(directory);
      }
    }
    Path temp =
        posix
            ? Files.createTempFile(
                directory,
                ".demo-key",
                ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
            : Files.createTempFile(directory, ".demo-key", ".tmp");
    try {
      Files.writeString(temp, generate().key.toJSONString(), StandardCharsets.UTF_8);
      publish(temp, file);
    } catch (FileAlreadyExistsException raced) {
      // another process created it first: use theirs
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Makes the complete file visible under its name at once, never replacing an existing key. */
  private static void publish(Path temp, Path file) throws IOException {
    try {
      Files.createLink(file, temp); // fails if the file exists, unlike a rename
    } catch (UnsupportedOperationException noHardLinks) {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static DemoSigningKey load(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY_FILE.containsAll(permissions)) {
        throw new IOException(
            file
                + " is readable or writable by others ("
                + PosixFilePermissions.toString(permissions)
                + "): run chmod 600 on it, or delete it to get a new key");
      }
    }
    try {
      return new DemoSigningKey(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (ParseException | IllegalArgumentException e) {
      throw new IOException(file + " is not a private RSA JWK: " + e.getMessage(), e);
    }
  }
}
