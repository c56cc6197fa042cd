package io.gpuarbiter.bench;

import io.gpuarbiter.bench.Bench.Instance;
import io.gpuarbiter.bench.Bench.Row;
import io.gpuarbiter.bench.Bench.Service;
import io.gpuarbiter.ledger.testing.PostgresServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * {@code --dbs pg3}: three service processes (the same jar) on one PostgreSQL database, set up as
 * the README's "Several replicas" says: each its own data directory and ports, all sharing the
 * ledger's signing key and the TLS certificate, copied from the first replica's once it is up (a
 * replica whose key does not verify the ledger's checkpoints refuses to start).
 */
final class Replicas {
  static final int COUNT = 3;
  static final String DB_NAME = "PostgreSQL 17, " + COUNT + " replicas";

  private Replicas() {}

  /** Every shape against the replicas, reviews round-robin over them; one row per shape. */
  static List<Row> run(Options opts, LongFunction<String> reviews) throws Exception {
    List<Instance> started = new ArrayList<>();
    HttpClient plain = Http.client();
    try (PostgresServer pg = PostgresServer.start()) {
      try {
        String url = Bench.jdbcUrl(pg);
        Path first = Files.createTempDirectory("bench-data-pg3-0-");
        started.add(Bench.launch(opts, first, url));
        Bench.waitUp(plain, started.get(0));
        for (int i = 1; i < COUNT; i++) {
          Path data = Files.createTempDirectory("bench-data-pg3-" + i + "-");
          copyTree(first.resolve("ledger-keys"), data.resolve("ledger-keys"));
          copyTree(first.resolve("tls"), data.resolve("tls"));
          started.add(Bench.launch(opts, data, url));
          Bench.waitUp(
              plain, started.get(i)); // one at a time, as the replica chaos suite starts them
        }
        Service svc = Bench.connect(DB_NAME, started, reviews, opts.http());
        return Bench.measureAll(opts, svc);
      } finally {
        Bench.stop(started.stream().map(Instance::proc).toList(), 20);
      }
    }
  }

  /** Copies {@code from} and everything under it to {@code to}. */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(
              f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
