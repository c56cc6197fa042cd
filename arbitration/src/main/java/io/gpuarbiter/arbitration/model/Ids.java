package io.gpuarbiter.arbitration.model;

import java.util.regex.Pattern;

/** Validation shared by the identifier records. */
final class Ids {
  /** Kubernetes-friendly names (DNS-1123 label, plus dots and @ for user ids). */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._@-]{0,251}[a-z0-9])?");

  private Ids() {}

  static void requireName(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must be lowercase letters, digits, '-', '.', '_' or '@': \"" + value + "\"");
    }
  }
}
