package io.gpuarbiter.api.admission;

import java.io.StringWriter;
import java.math.BigInteger;
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
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throwaway CAs and client certificates, as a cluster's webhook client PKI would issue them. */
public final class TestCertificates {
  private TestCertificates() {}

  /** A key pair and its certificate. */
  public record Issued(KeyPair keys, X509Certificate cert) {
    public String pem() throws Exception {
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(cert);
      }
      return out.toString();
    }

    /** Key managers presenting this certificate (and its issuer) as a TLS client. */
    public KeyManager[] asClient(Issued issuer) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pass = "test".toCharArray();
      ks.setKeyEntry("client", keys.getPrivate(), pass, new Certificate[] {cert, issuer.cert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pass);
      return kmf.getKeyManagers();
    }
  }

  public static Issued ca(String name) throws Exception {
    KeyPair keys = keys();
    return new Issued(keys, sign(name, name, keys, keys, true));
  }

  public static Issued client(Issued ca, String commonName) throws Exception {
    KeyPair keys = keys();
    String issuer = ca.cert.getSubjectX500Principal().getName();
    return new Issued(keys, sign(commonName, issuer, keys, ca.keys, false));
  }

  /** A TLS server certificate for an IP address (a local webhook server's). */
  public static Issued server(Issued ca, String ip) throws Exception {
    KeyPair keys = keys();
    String issuer = ca.cert.getSubjectX500Principal().getName();
    return new Issued(keys, sign(ip, issuer, keys, ca.keys, false, ip));
  }

  private static X509Certificate sign(
      String subject, String issuer, KeyPair subjectKeys, KeyPair issuerKeys, boolean isCa)
      throws Exception {
    return sign(subject, issuer, subjectKeys, issuerKeys, isCa, null);
  }

  private static X509Certificate sign(
      String subject,
      String issuer,
      KeyPair subjectKeys,
      KeyPair issuerKeys,
      boolean isCa,
      String serverIp)
      throws Exception {
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer.startsWith("CN=") ? issuer : "CN=" + issuer),
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(1))),
            new X500Name(subject.startsWith("CN=") ? subject : "CN=" + subject),
            subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (serverIp != null) {
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, serverIp)));
    } else if (!isCa) {
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    }
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    return gen.generateKeyPair();
  }
}
