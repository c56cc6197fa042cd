package io.gpuarbiter.api.admission;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The names a client certificate carries: its subject CN and its DNS subject alternative names. */
final class ClientNames {
  private static final int DNS_NAME = 2;

  private ClientNames() {}

  static List<String> of(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          names.add(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      // an unparsable subject names nobody
    }
    try {
      Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alt : alternatives) {
          if (alt.size() == 2 && Integer.valueOf(DNS_NAME).equals(alt.get(0))) {
            names.add(alt.get(1).toString());
          }
        }
      }
    } catch (CertificateParsingException e) {
      // unreadable alternative names add nothing
    }
    return names;
  }
}
