package io.gpuarbiter.api.replicas;

import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.api.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * N service processes (the packaged jar) on one PostgreSQL database, set up as the README's
 * "Several replicas" says: each its own data directory, all sharing the ledger's signing key and
 * the TLS certificate (copied from the first replica's, as a Secret would be mounted).
 */
final class Replicas implements AutoCloseable {
  private final String jdbcUrl;
  private final Path root;
  private final List<ServiceProcess> running = new ArrayList<>();
  private int starts;

  Replicas(String jdbcUrl, Path root) {
    this.jdbcUrl = jdbcUrl;
    this.root = root;
  }

  /** Starts {@code n} replicas: the first creates the key and certificate the others get. */
  void start(int n) throws IOException {
    running.add(launch(0));
    for (int i = 1; i < n; i++) {
      Path data = root.resolve("replica-" + i);
      Files.createDirectories(data);
      copyTree(root.resolve("replica-0/ledger-keys"), data.resolve("ledger-keys"));
      copyTree(root.resolve("replica-0/tls"), data.resolve("tls"));
      running.add(launch(i));
    }
  }

  int size() {
    return running.size();
  }

  ServiceProcess get(int i) {
    return running.get(i);
  }

  /** Times a replica process was started (restarts included). */
  int starts() {
    return starts;
  }

  /** kill -9 of replica {@code i}. */
  void kill(int i) throws InterruptedException {
    running.get(i).kill();
  }

  /** Starts replica {@code i} again on its data directory (after a kill). */
  void restart(int i) throws IOException {
    running.set(i, launch(i));
  }

  private ServiceProcess launch(int i) throws IOException {
    Path data = root.resolve("replica-" + i);
    Files.createDirectories(data);
    starts++;
    return ServiceProcess.start(
        data,
        root.resolve("replica-" + i + "-" + starts + ".log"),
        Map.of(
            "ARBITER_DATABASE_URL", jdbcUrl,
            "ARBITER_DATABASE_USER", "postgres",
            "JAVA_TOOL_OPTIONS", "-Xmx512m"));
  }

  /** TLS trusting the replicas' shared CA. */
  SSLContext trust() throws Exception {
    return ServiceFixture.trusting(root.resolve("replica-0/tls/ca.crt"), null);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Stops every replica and keeps their logs in {@code target/chaos-logs/} for a look later. */
  @Override
  public void close() throws IOException {
    running.forEach(ServiceProcess::close);
    Path kept = Path.of("target", "chaos-logs");
    Files.createDirectories(kept);
    try (Stream<Path> logs = Files.list(root)) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
