package io.gpuarbiter.handoff.testing;

import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.model.InvalidModelException;
import io.gpuarbiter.model.ModelLoader;
import io.gpuarbiter.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files the tests read: the repository's test data ({@code testdata/}, located by {@link TestData})
 * and its deploy/ folder, found by walking up from the working directory; a missing one fails the
 * test.
 */
public final class Repo {
  private Repo() {}

  /** The test-data folder ({@code testdata/}). */
  public static Path corpus() {
    return TestData.root();
  }

  /** The repository root: the nearest directory above holding {@code deploy/demo/model.yaml}. */
  public static Path root() {
    return above(Path.of("deploy", "demo", "model.yaml"), "run from inside the repository")
        .getParent()
        .getParent()
        .getParent();
  }

  public static Path demoModelFile() {
    return root().resolve("deploy/demo/model.yaml");
  }

  public static GovernanceModel demoModel() {
    try {
      return ModelLoader.load(demoModelFile()).model();
    } catch (InvalidModelException e) {
      throw new IllegalStateException("the demo model does not load", e);
    }
  }

  private static Path above(Path relative, String hint) {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(relative + " not found above " + dir + ": " + hint);
  }
}
