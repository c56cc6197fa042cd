package io.gpuarbiter.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model package builds objects and never talks to a cluster (Strimzi's model/operator split):
 * no fabric8 client, no sync package, no files, no clock.
 */
class ModelBoundaryTest {
  private static final List<String> FORBIDDEN =
      List.of(
          "import io.fabric8.kubernetes.client",
          "import io.gpuarbiter.handoff.sync",
          "import java.nio.file",
          "import java.io.File",
          "Instant.now()",
          "System.getenv");

  @Test
  void modelSourcesStayPure() throws IOException {
    Path dir = Path.of("src/main/java/io/gpuarbiter/handoff/model");
    assertThat(dir).isDirectory();
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        FORBIDDEN.stream()
            .filter(source::contains)
            .forEach(f -> offences.add(file.getFileName() + ": " + f));
      }
    }
    assertThat(offences).isEmpty();
  }
}
