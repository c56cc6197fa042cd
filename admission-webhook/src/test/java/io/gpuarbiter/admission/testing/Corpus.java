package io.gpuarbiter.admission.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared corpus of real manifests beside the repository ({@code ../shared/corpus}). Tests read
 * it; a missing corpus fails the test, it never skips it.
 */
public final class Corpus {
  private static final YAMLMapper YAML = new YAMLMapper();

  private Corpus() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("corpus");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared/corpus not found above " + dir + ": clone the repository with shared/ beside it");
  }

  public static Path workload(String file) {
    return root().resolve("workloads").resolve(file);
  }

  /** Every workload manifest file, sorted by name. */
  public static List<Path> workloadFiles() {
    try (Stream<Path> files = Files.list(root().resolve("workloads"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The YAML documents of a manifest file, empty documents dropped. */
  public static List<JsonNode> documents(Path file) {
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject() && doc.has("kind")) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
