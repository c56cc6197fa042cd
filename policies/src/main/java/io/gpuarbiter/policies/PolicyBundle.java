package io.gpuarbiter.policies;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A Wasm policy bundle as {@code opa build -t wasm} writes it (a tar.gz holding {@code
 * /policy.wasm}, {@code /data.json} and {@code /.manifest}), with its digest: {@code sha256:} and
 * the hex SHA-256 of the bundle file's bytes.
 *
 * @param wasm the compiled policy module
 * @param dataJson the data document (organisation parameters)
 * @param digest {@code sha256:<hex>} of the bundle bytes
 */
public record PolicyBundle(byte[] wasm, String dataJson, String digest) {
  /** Class-path location of the Wasm bundle the build produces. */
  public static final String WASM_RESOURCE = "/policy-bundle/bundle-wasm.tar.gz";

  /** Class-path location of the Rego bundle for an OPA server or sidecar. */
  public static final String REGO_RESOURCE = "/policy-bundle/bundle.tar.gz";

  private static final int TAR_BLOCK = 512;

  /** The bundle built into this module's jar. */
  public static PolicyBundle fromClasspath() {
    try (InputStream in = PolicyBundle.class.getResourceAsStream(WASM_RESOURCE)) {
      if (in == null) {
        throw bundleError("class-path resource " + WASM_RESOURCE + " is missing", null);
      }
      return fromBytes(in.readAllBytes());
    } catch (IOException e) {
      throw bundleError("cannot read " + WASM_RESOURCE, e);
    }
  }

  /** The bundle in a file. */
  public static PolicyBundle fromFile(Path file) {
    try {
      return fromBytes(Files.readAllBytes(file));
    } catch (IOException e) {
      throw bundleError("cannot read " + file, e);
    }
  }

  /** The bundle in these bytes (a tar.gz). */
  public static PolicyBundle fromBytes(byte[] bundle) {
    Map<String, byte[]> files = untar(bundle);
    byte[] wasm = files.get("policy.wasm");
    if (wasm == null) {
      throw bundleError("no /policy.wasm in the bundle: build it with opa build -t wasm", null);
    }
    byte[] data = files.getOrDefault("data.json", "{}".getBytes(StandardCharsets.UTF_8));
    return new PolicyBundle(wasm, new String(data, StandardCharsets.UTF_8), digest(bundle));
  }

  /** {@code sha256:<hex>} of these bytes. */
  public static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Regular files of a gzipped ustar archive, by name without leading "/" or "./". */
  private static Map<String, byte[]> untar(byte[] bundle) {
    byte[] tar;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bundle))) {
      tar = in.readAllBytes();
    } catch (IOException e) {
      throw bundleError("not a gzip archive: " + e.getMessage(), e);
    }
    Map<String, byte[]> files = new java.util.HashMap<>();
    int pos = 0;
    while (pos + TAR_BLOCK <= tar.length && tar[pos] != 0) {
      String name = field(tar, pos, 100);
      String prefix = field(tar, pos + 345, 155);
      long size = parseOctal(field(tar, pos + 124, 12).trim());
      byte type = tar[pos + 156];
      int start = pos + TAR_BLOCK;
      if (size < 0 || start + size > tar.length) {
        throw bundleError("truncated tar entry " + name, null);
      }
      if (type == '0' || type == 0) {
        String path = prefix.isEmpty() ? name : prefix + "/" + name;
        files.put(
            path.replaceFirst("^\\./", "").replaceFirst("^/", ""),
            java.util.Arrays.copyOfRange(tar, start, start + (int) size));
      }
      pos = start + (int) ((size + TAR_BLOCK - 1) / TAR_BLOCK) * TAR_BLOCK;
    }
    return files;
  }

  private static String field(byte[] tar, int offset, int length) {
    int end = offset;
    while (end < offset + length && tar[end] != 0) {
      end++;
    }
    return new String(tar, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static long parseOctal(String text) {
    try {
      return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw bundleError("bad tar entry size " + text, e);
    }
  }

  private static PolicyEvaluationException bundleError(String message, Throwable cause) {
    return new PolicyEvaluationException(PolicyEvaluationException.Kind.BUNDLE, message, cause);
  }
}
