package io.gpuarbiter.api.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS identity of the service: a private CA and a server certificate signed by it, made on
 * first start in {@code <data>/tls}. {@code ca.crt} is what curl ({@code --cacert}) or a
 * kube-apiserver ({@code caBundle}) needs to trust the webhook. Existing material is reused until
 * it is within 30 days of expiry, so restarts keep the same CA.
 */
public final class TlsMaterial {
  static final String KEYSTORE = "server.p12";
  static final String CA_CERT = "ca.crt";
  static final String PASSWORD = "keystore.pass";
  private static final Duration VALIDITY = Duration.ofDays(825);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private final Path keystore;
  private final String password;
  private final Path caCertificate;

  private TlsMaterial(Path keystore, String password, Path caCertificate) {
    this.keystore = keystore;
    this.password = password;
    this.caCertificate = caCertificate;
  }

  public Path keystore() {
    return keystore;
  }

  public String password() {
    return password;
  }

  public Path caCertificate() {
    return caCertificate;
  }

  /** Reuses valid material in {@code dir}, or makes a new CA and server certificate there. */
  public static TlsMaterial ensure(Path dir, List<String> hosts, Instant now) throws IOException {
    Path keystore = dir.resolve(KEYSTORE);
    Path ca = dir.resolve(CA_CERT);
    Path pass = dir.resolve(PASSWORD);
    if (Files.exists(keystore) && Files.exists(ca) && Files.exists(pass)) {
      String password = Files.readString(pass, StandardCharsets.UTF_8).trim();
      if (stillValid(keystore, password, now)) {
        return new TlsMaterial(keystore, password, ca);
      }
    }
    Files.createDirectories(dir);
    try {
      return generate(dir, hosts, now);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create the TLS certificate: " + e.getMessage(), e);
    }
  }

  private static boolean stillValid(Path keystore, String password, Instant now) {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      X509Certificate cert = (X509Certificate) ks.getCertificate("server");
      return cert != null && cert.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
    } catch (IOException | GeneralSecurityException e) {
      return false; // unreadable material is replaced, not trusted
    }
  }

  private static TlsMaterial generate(Path dir, List<String> hosts, Instant now)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPair caKeys = ecKeyPair();
    X500Name caName = new X500Name("CN=GPU Arbiter local CA");
    X509Certificate caCert = sign(caName, caName, caKeys, caKeys, now, true, List.of());
    KeyPair serverKeys = ecKeyPair();
    X509Certificate serverCert =
        sign(new X500Name("CN=" + hosts.get(0)), caName, serverKeys, caKeys, now, false, hosts);

    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "server",
        serverKeys.getPrivate(),
        password.toCharArray(),
        new Certificate[] {serverCert, caCert});
    Path keystore = dir.resolve(KEYSTORE);
    Path pass = dir.resolve(PASSWORD);
    writePrivate(pass, password.getBytes(StandardCharsets.UTF_8));
    try (OutputStream out = Files.newOutputStream(keystore)) {
      ks.store(out, password.toCharArray());
    }
    restrict(keystore);
    Path ca = dir.resolve(CA_CERT);
    Files.writeString(ca, pem(caCert), StandardCharsets.UTF_8);
    return new TlsMaterial(keystore, password, ca);
  }

  private static X509Certificate sign(
      X500Name subject,
      X500Name issuer,
      KeyPair subjectKeys,
      KeyPair issuerKeys,
      Instant now,
      boolean ca,
      List<String> hosts)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    BigInteger serial = new BigInteger(128, new SecureRandom());
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            serial,
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(VALIDITY)),
            subject,
            subjectKeys.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
    if (ca) {
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts));
    }
    ContentSigner signer =
        new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static GeneralNames alternativeNames(List<String> hosts) {
    return new GeneralNames(
        hosts.stream()
            .map(h ->
                isIpAddress(h)
                    ? new GeneralName(GeneralName.iPAddress, h)
                    : new GeneralName(GeneralName.dNSName, h))
            .toArray(GeneralName[]::new));
  }

  private static boolean isIpAddress(String host) {
    return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    return gen.generateKeyPair();
  }

  private static String pem(X509Certificate cert) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(cert);
    }
    return out.toString();
  }

  private static void writePrivate(Path file, byte[] content) throws IOException {
    Files.write(file, content);
    restrict(file);
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the data directory's own permissions protect it
    }
  }
}
