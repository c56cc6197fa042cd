package io.gpuarbiter.api.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialIT {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private static final List<String> HOSTS = List.of("localhost", "127.0.0.1", "arbiter.svc");

  @TempDir Path dir;

  @Test
  void serverCertificateIsSignedByTheWrittenCaAndNamesEveryHost() throws Exception {
    TlsMaterial tls = TlsMaterial.ensure(dir, HOSTS, NOW);
    X509Certificate ca = readPem(tls.caCertificate());
    X509Certificate server = serverCertificate(tls);

    server.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getSubjectAlternativeNames())
        .extracting(n -> (Object) n.get(1))
        .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1", "arbiter.svc");
    assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void restartReusesTheSameCa() throws Exception {
    TlsMaterial first = TlsMaterial.ensure(dir, HOSTS, NOW);
    String caBefore = Files.readString(first.caCertificate());
    TlsMaterial second = TlsMaterial.ensure(dir, HOSTS, NOW.plus(Duration.ofDays(100)));
    assertThat(Files.readString(second.caCertificate())).isEqualTo(caBefore);
  }

  @Test
  void materialNearExpiryIsReplaced() throws Exception {
    TlsMaterial first = TlsMaterial.ensure(dir, HOSTS, NOW);
    String caBefore = Files.readString(first.caCertificate());
    TlsMaterial later = TlsMaterial.ensure(dir, HOSTS, NOW.plus(Duration.ofDays(820)));
    assertThat(Files.readString(later.caCertificate())).isNotEqualTo(caBefore);
  }

  @Test
  void secretsAreReadableByTheOwnerOnly() throws Exception {
    TlsMaterial tls = TlsMaterial.ensure(dir, HOSTS, NOW);
    assertThat(Files.getPosixFilePermissions(tls.keystore()).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
  }

  private static X509Certificate serverCertificate(TlsMaterial tls) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.keystore())) {
      ks.load(in, tls.password().toCharArray());
    }
    return (X509Certificate) ks.getCertificate("server");
  }

  private static X509Certificate readPem(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
