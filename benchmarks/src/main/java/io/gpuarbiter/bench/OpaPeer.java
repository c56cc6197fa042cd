package io.gpuarbiter.bench;

import io.gpuarbiter.bench.Bench.Ledger;
import io.gpuarbiter.bench.Bench.Row;
import io.gpuarbiter.bench.Load.Outcome;
import io.gpuarbiter.bench.Load.Shape;
import io.gpuarbiter.bench.ServerMetrics.Latency;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The OPA server peer ({@code opa run --server}) under the same shapes as the service. */
final class OpaPeer {
  /** Unmeasured seconds for the OPA server when it starts: a Go binary, nothing to JIT. */
  static final int START_WARMUP = 5;

  private OpaPeer() {}

  /** The OPA peer: one server, every shape; its rows are shared by every database. */
  static Map<String, Row> run(Options opts, Sources sources, String runId) throws Exception {
    int port = Bench.freePort();
    Path tls = Files.createTempDirectory("bench-opa-tls");
    Process opa = startOpa(opts, port, selfSignedCertificate(tls));
    try {
      List<HttpClient> clients =
          Http.clients(tls.resolve("cert.pem"), opts.http(), Bench.CONNECTIONS);
      String base = "https://localhost:" + port;
      Http.waitUp(clients.get(0), URI.create(base + "/health?bundles"), opa);
      Load load =
          new Load(
              clients,
              URI.create(base + "/v1/data/gpuarbiter/entrypoint/result"),
              n -> Bench.fill(sources.pick(n).opaBody(), runId + "o" + n),
              new AtomicLong());
      load.run(Shape.closed(16), 0, START_WARMUP); // connections, not measured
      Map<String, Row> rows = new LinkedHashMap<>();
      for (Shape shape : opts.shapes()) {
        long cpu0 = Procfs.cpuTicks(opa.pid());
        Outcome o = load.run(shape, opts.warmup(), opts.seconds());
        double cpu = (Procfs.cpuTicks(opa.pid()) - cpu0) / 100.0 / (opts.warmup() + o.seconds());
        Row row =
            new Row("OPA", shape, o, Latency.NONE, cpu, Procfs.rssMiB(opa.pid()), Ledger.NONE);
        rows.put(shape.name(), row);
        Bench.log("OPA %-16s %s", shape.name(), Bench.summary(row));
      }
      return rows;
    } finally {
      Bench.stop(opa, 10);
    }
  }

  /** OPA over TLS like the service (Go serves HTTP/2 on TLS by itself), with a throwaway key. */
  private static Process startOpa(Options opts, int port, Path tls) throws IOException {
    Path opaLog = Files.createTempFile("bench-opa", ".log");
    return new ProcessBuilder(
            opts.opaBinary().toString(),
            "run",
            "--server",
            "--addr",
            "127.0.0.1:" + port,
            "--tls-cert-file",
            tls.resolve("cert.pem").toString(),
            "--tls-private-key-file",
            tls.resolve("key.pem").toString(),
            "--log-level",
            "error",
            "-b",
            opts.policyBundle().toString())
        .redirectErrorStream(true)
        .redirectOutput(opaLog.toFile())
        .start();
  }

  /** A P-256 certificate for localhost in {@code dir} (cert.pem, key.pem), made with openssl. */
  private static Path selfSignedCertificate(Path dir) throws Exception {
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost",
                "-keyout",
                dir.resolve("key.pem").toString(),
                "-out",
                dir.resolve("cert.pem").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("openssl could not make the OPA certificate: " + out);
    }
    return dir;
  }
}
