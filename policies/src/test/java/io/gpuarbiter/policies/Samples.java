package io.gpuarbiter.policies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The library's samples: {@code <policy>/samples/{allowed,denied}/*.json}. Test support. */
record Samples(String policy, boolean denied, Path file) {
  static Path libraryDir() {
    return Path.of(System.getProperty("policy.library.dir", ".")).toAbsolutePath().normalize();
  }

  static Path bundleDir() {
    return Path.of(System.getProperty("policy.bundle.dir", "target/classes/policy-bundle"));
  }

  static List<Samples> all() {
    try (Stream<Path> files = Files.walk(libraryDir(), 4)) {
      return files
          .filter(f -> f.toString().endsWith(".json"))
          .filter(f -> f.getParent().getParent().getFileName().toString().equals("samples"))
          .map(f ->
              new Samples(
                  f.getParent().getParent().getParent().getFileName().toString(),
                  f.getParent().getFileName().toString().equals("denied"),
                  f))
          .sorted(java.util.Comparator.comparing(s -> s.file().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  PolicyInput input() {
    try {
      return PolicyJson.MAPPER.readValue(file.toFile(), PolicyInput.class);
    } catch (IOException e) {
      throw new UncheckedIOException("sample " + file + " is not a PolicyInput", e);
    }
  }

  @Override
  public String toString() {
    return policy + "/" + (denied ? "denied/" : "allowed/") + file.getFileName();
  }
}
