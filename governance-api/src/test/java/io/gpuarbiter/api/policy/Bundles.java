package io.gpuarbiter.api.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Changed policy bundles for tests: the built bundle with another data document. */
final class Bundles {
  private Bundles() {}

  /** The organisation turns require-team into a warning (same Wasm, new data.json). */
  static byte[] withRequireTeamAsWarning(byte[] bundle) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean changed = false;
    try (TarArchiveInputStream in =
            new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(bundle)));
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] content = in.readAllBytes();
        if (e.getName().replaceFirst("^/", "").equals("data.json")) {
          String data = new String(content, StandardCharsets.UTF_8);
          String edited =
              data.replace("\"enforcement\": {}", "\"enforcement\": {\"require-team\": \"warn\"}")
                  .replace("\"enforcement\":{}", "\"enforcement\":{\"require-team\":\"warn\"}");
          changed = !edited.equals(data);
          content = edited.getBytes(StandardCharsets.UTF_8);
        }
        TarArchiveEntry copy = new TarArchiveEntry(e.getName());
        copy.setSize(content.length);
        copy.setModTime(e.getModTime());
        tar.putArchiveEntry(copy);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    if (!changed) {
      throw new IllegalStateException("the bundle's data.json has no empty enforcement map");
    }
    return out.toByteArray();
  }
}
