package io.gpuarbiter.testing.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The control-plane binaries {@code tools/control-plane/build.sh} built from their Go modules, in
 * the cache directory that script names ({@code build.sh --dir}: keyed by the module files, outside
 * the repository). Missing binaries fail the test that needs them with the command that builds
 * them; they are never skipped.
 */
public record Binaries(Path dir) {
  public static final String PROPERTY = "gpuarbiter.control-plane.bin";

  public Path etcd() {
    return require("etcd");
  }

  public Path apiServer() {
    return require("kube-apiserver");
  }

  public Path controllerManager() {
    return require("kube-controller-manager");
  }

  public Path kueue() {
    return require("kueue");
  }

  /** {@code -Dgpuarbiter.control-plane.bin=DIR}, or the directory the build script names. */
  public static Binaries locate() throws IOException {
    String explicit = System.getProperty(PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return new Binaries(Path.of(explicit));
    }
    Path script = ControlPlane.repositoryRoot().resolve("tools/control-plane/build.sh");
    Process p =
        new ProcessBuilder(List.of("bash", script.toString(), "--dir"))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(script + " --dir failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return new Binaries(Path.of(out.lines().reduce((a, b) -> b).orElse(out)));
  }

  private Path require(String name) {
    Path bin = dir.resolve(name);
    if (!Files.isExecutable(bin)) {
      throw new IllegalStateException(
          "no "
              + name
              + " in "
              + dir
              + ": build the control plane with tools/control-plane/build.sh"
              + " (./arbiter test does)");
    }
    return bin;
  }
}
