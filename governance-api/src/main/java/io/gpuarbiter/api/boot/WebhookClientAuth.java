package io.gpuarbiter.api.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutual TLS for the admission webhook: the CA that signs kube-apiserver's client certificate
 * becomes the HTTPS port's trust store, and the server asks every TLS client for a certificate
 * ({@code want}: the REST API on the same port keeps working with bearer tokens alone). The
 * admission endpoints then refuse a caller without a trusted certificate ({@code
 * arbiter.admission.client-auth=required}).
 */
public final class WebhookClientAuth {
  static final String TRUST_STORE = "webhook-client-ca.p12";

  private WebhookClientAuth() {}

  /** The server properties for these callers; an unreadable CA file stops the start. */
  public static Map<String, Object> properties(ArbiterSettings.WebhookClients clients, Path tlsDir)
      throws IOException {
    Map<String, Object> props = new LinkedHashMap<>();
    if (clients.ca().isEmpty()) {
      props.put("arbiter.admission.client-auth", "off");
      return props;
    }
    Path ca = clients.ca().get();
    List<Certificate> certs = read(ca);
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Path store = tlsDir.resolve(TRUST_STORE);
    try (OutputStream out = Files.newOutputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      for (int i = 0; i < certs.size(); i++) {
        ks.setCertificateEntry("webhook-client-ca-" + i, certs.get(i));
      }
      ks.store(out, password.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the webhook client trust store: " + e.getMessage(), e);
    }
    restrict(store);
    props.put("micronaut.server.ssl.trust-store.path", "file:" + store);
    props.put("micronaut.server.ssl.trust-store.password", password);
    props.put("micronaut.server.ssl.trust-store.type", "PKCS12");
    props.put("micronaut.server.ssl.client-authentication", "want");
    props.put("arbiter.admission.client-auth", "required");
    props.put("arbiter.admission.client-names", String.join(",", clients.names()));
    return props;
  }

  private static List<Certificate> read(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      List<Certificate> certs =
          new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certs.isEmpty()) {
        throw new IOException("ARBITER_WEBHOOK_CLIENT_CA " + pem + " holds no PEM certificate");
      }
      return certs;
    } catch (java.security.cert.CertificateException e) {
      throw new IOException(
          "ARBITER_WEBHOOK_CLIENT_CA " + pem + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the data directory's own permissions protect it
    }
  }
}
