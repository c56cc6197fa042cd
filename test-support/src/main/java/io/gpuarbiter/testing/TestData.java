package io.gpuarbiter.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's real test data ({@code testdata/}: CRDs, workload manifests, AdmissionReviews,
 * DCGM output, the Alibaba GPU trace; origins in {@code testdata/SOURCES.md}). It is found by
 * walking up from the working directory, so every module's tests (and an IDE) find the same folder;
 * {@code -Dgpuarbiter.testdata=DIR} points elsewhere. A missing folder fails the test that needs
 * it: it is never skipped.
 */
public final class TestData {
  /** System property naming the test-data folder explicitly. */
  public static final String PROPERTY = "gpuarbiter.testdata";

  private static final String FOLDER = "testdata";
  private static final String MARKER = "SOURCES.md";

  private TestData() {}

  /** The {@code testdata/} folder. */
  public static Path root() {
    String explicit = System.getProperty(PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return require(Path.of(explicit).toAbsolutePath(), "-D" + PROPERTY);
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(FOLDER);
      if (Files.isRegularFile(candidate.resolve(MARKER))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        FOLDER
            + "/"
            + MARKER
            + " not found in "
            + start
            + " or above: run from inside the repository");
  }

  /** A file or folder under {@code testdata/}, e.g. {@code workloads/kai__pytorch-job.yaml}. */
  public static Path resolve(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("no " + relative + " in " + root());
    }
    return p;
  }

  private static Path require(Path dir, String from) {
    if (!Files.isRegularFile(dir.resolve(MARKER))) {
      throw new IllegalStateException(from + " = " + dir + " holds no " + MARKER);
    }
    return dir;
  }
}
