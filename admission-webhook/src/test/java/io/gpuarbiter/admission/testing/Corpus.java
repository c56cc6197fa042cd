package io.gpuarbiter.admission.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gpuarbiter.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real manifests of the repository's test data ({@code testdata/}, located by {@link TestData})
 * as the admission tests read them: workload files and their YAML documents.
 */
public final class Corpus {
  private static final YAMLMapper YAML = new YAMLMapper();

  private Corpus() {}

  public static Path root() {
    return TestData.root();
  }

  public static Path workload(String file) {
    return TestData.resolve("workloads/" + file);
  }

  /** Every workload manifest file, sorted by name. */
  public static List<Path> workloadFiles() {
    try (Stream<Path> files = Files.list(TestData.resolve("workloads"))) {
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
