package io.gpuarbiter.bench;

import io.gpuarbiter.bench.Load.Outcome;
import io.gpuarbiter.bench.Load.Shape;
import io.gpuarbiter.bench.ServerMetrics.Latency;
import io.gpuarbiter.bench.ServerMetrics.Scrape;
import io.gpuarbiter.ledger.testing.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Admission benchmark (issue 9): the service on H2 and on PostgreSQL, and an OPA server peer, under
 * the same schedules and reviews; writes BENCHMARKS.md.
 *
 * <p>Flags ({@link Options}): {@code --seconds N} (measured seconds per shape), {@code --warmup N},
 * {@code --start-warmup N}, {@code --dbs h2,pg}, {@code --shapes open250,closed16} (default all),
 * {@code --opa true|false}, {@code --service-jvm "ARGS"}, {@code --out FILE}, {@code --repo DIR},
 * {@code --corpus DIR}.
 */
public final class Bench {
  /** Connections the generator spreads reviews over: as from two kube-apiserver replicas. */
  static final int CONNECTIONS = 2;

  /** Unmeasured seconds for the OPA server when it starts: a Go binary, nothing to JIT. */
  static final int OPA_START_WARMUP = 5;

  private Bench() {}

  /** One measured run and what the process under load did meanwhile. */
  record Row(
      String db,
      Shape shape,
      Outcome client,
      Latency server,
      double cpuCores,
      long rssMiB,
      Ledger ledger) {}

  /**
   * The ledger check of one shape, warm-up included: entries the ledger integrated in tree range
   * [from, to) against the validate answers the service counted in the same window.
   */
  record Ledger(
      long from, long to, long admission, long other, long serverAnswers, long serverNon200) {
    static final Ledger NONE = new Ledger(0, 0, 0, 0, 0, 0);

    long server200() {
      return serverAnswers - serverNon200;
    }
  }

  /** A started service: its process, endpoints, demo token and load generator. */
  private record Service(
      String dbName, Process proc, HttpClient plain, String base, String token, Load load) {}

  public static void main(String[] args) throws Exception {
    Options opts = Options.parse(args);
    long t0 = System.nanoTime();
    Sources sources = Sources.load(opts.corpus(), opts.repo().resolve("deploy/demo/model.yaml"));
    log(
        "reviews: %d corpus workload templates (%d docs skipped: not GPU or unreadable), %d trace"
            + " GPU pods (%d CPU-only rows skipped)",
        sources.workloads.size(),
        sources.workloadDocsSkipped,
        sources.tracePods.size(),
        sources.traceRowsWithoutGpu);
    String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    Map<String, Row> opaRows = new LinkedHashMap<>();
    if (opts.withOpa()) {
      opaRows = runOpaPeer(opts, sources, runId);
    } else {
      log("OPA peer skipped (--opa false)");
    }
    List<Row> rows = new ArrayList<>();
    for (String db : opts.dbs()) {
      rows.addAll(runService(opts, db, sources, runId));
    }
    double minutes = (System.nanoTime() - t0) / 60e9;
    Files.writeString(opts.out(), Report.markdown(opts, rows, opaRows, sources, minutes));
    log("wrote %s (%.1f min)", opts.out(), minutes);
  }

  /** The OPA peer: one server, every shape; its rows are shared by both databases. */
  private static Map<String, Row> runOpaPeer(Options opts, Sources sources, String runId)
      throws Exception {
    int port = freePort();
    Path tls = Files.createTempDirectory("bench-opa-tls");
    Process opa = startOpa(opts, port, selfSignedCertificate(tls));
    try {
      List<HttpClient> clients = Http.clients(tls.resolve("cert.pem"), opts.http(), CONNECTIONS);
      String base = "https://localhost:" + port;
      Http.waitUp(clients.get(0), URI.create(base + "/health?bundles"), opa);
      Load load =
          new Load(
              clients,
              URI.create(base + "/v1/data/gpuarbiter/entrypoint/result"),
              n -> fill(sources.pick(n).opaBody(), runId + "o" + n),
              new AtomicLong());
      load.run(Shape.closed(16), 0, OPA_START_WARMUP); // connections, not measured
      Map<String, Row> rows = new LinkedHashMap<>();
      for (Shape shape : opts.shapes()) {
        long cpu0 = Procfs.cpuTicks(opa.pid());
        Outcome o = load.run(shape, opts.warmup(), opts.seconds());
        double cpu = (Procfs.cpuTicks(opa.pid()) - cpu0) / 100.0 / (opts.warmup() + o.seconds());
        Row row =
            new Row("OPA", shape, o, Latency.NONE, cpu, Procfs.rssMiB(opa.pid()), Ledger.NONE);
        rows.put(shape.name(), row);
        log("OPA %-16s %s", shape.name(), summary(row));
      }
      return rows;
    } finally {
      stop(opa, 10);
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

  /** The service on one database ({@code h2} or {@code pg}): every shape, one row each. */
  private static List<Row> runService(Options opts, String db, Sources sources, String runId)
      throws Exception {
    Path data = Files.createTempDirectory("bench-data-" + db + "-");
    int http = freePort();
    int https = freePort();
    PostgresServer pg = db.equals("pg") ? PostgresServer.start() : null;
    Process proc = null;
    try {
      proc = startService(opts, data, http, https, pg);
      String dbName = pg != null ? "PostgreSQL 17" : "H2";
      LongFunction<String> body = n -> fill(sources.pick(n).review(), runId + db + n);
      Service svc = connect(dbName, proc, data, http, https, body, opts.http());
      svc.load().run(Shape.closed(16), 0, opts.startWarmup()); // JIT and connections, not measured
      List<Row> rows = new ArrayList<>();
      long ledgerAt = Http.settle(svc.plain(), svc.base(), svc.token());
      for (Shape shape : opts.shapes()) {
        Row row = measureShape(opts, svc, shape, ledgerAt);
        ledgerAt = row.ledger().to();
        rows.add(row);
        log("%s %-16s %s", dbName, shape.name(), summary(row));
      }
      return rows;
    } finally {
      stop(proc, 20);
      if (pg != null) {
        pg.close();
      }
    }
  }

  private static Process startService(
      Options opts, Path data, int http, int https, PostgresServer pg) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin());
    cmd.addAll(opts.serviceJvm());
    cmd.add("-jar");
    cmd.add(opts.serviceJar().toString());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(data.toFile())
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("service.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("ARBITER_DATA", data.toString());
    env.put("ARBITER_HTTP_PORT", Integer.toString(http));
    env.put("ARBITER_HTTPS_PORT", Integer.toString(https));
    if (pg != null) {
      env.put(
          "ARBITER_DATABASE_URL", pg.createDatabase("arbiter").replace("localhost", "127.0.0.1"));
      env.put("ARBITER_DATABASE_USER", "postgres");
    }
    return pb.start();
  }

  /** Waits for the service, fetches a demo token, and aims a load generator at its webhook. */
  private static Service connect(
      String dbName,
      Process proc,
      Path data,
      int http,
      int https,
      LongFunction<String> body,
      HttpClient.Version version)
      throws Exception {
    HttpClient plain = Http.client();
    String base = "http://127.0.0.1:" + http;
    Http.waitUp(plain, URI.create(base + "/health"), proc);
    List<HttpClient> tls = Http.clients(data.resolve("tls/ca.crt"), version, CONNECTIONS);
    Load load =
        new Load(
            tls,
            URI.create("https://localhost:" + https + "/admission/validate"),
            body,
            new AtomicLong());
    return new Service(dbName, proc, plain, base, Http.token(plain, base), load);
  }

  /**
   * One shape against the service. Server latency covers what it answered from the end of the
   * warm-up (scraped then) to the end of the shape; the ledger check covers the whole shape.
   */
  private static Row measureShape(Options opts, Service svc, Shape shape, long ledgerFrom)
      throws Exception {
    long pid = svc.proc().pid();
    Scrape before = Scrape.of(svc.plain(), svc.base());
    long cpu0 = Procfs.cpuTicks(pid);
    CompletableFuture<Scrape> atMeasure = new CompletableFuture<>();
    Outcome o =
        svc.load().run(shape, opts.warmup(), opts.seconds(), () -> scrapeInto(atMeasure, svc));
    double cpu = (Procfs.cpuTicks(pid) - cpu0) / 100.0 / (opts.warmup() + o.seconds());
    long rss = Procfs.rssMiB(pid);
    Scrape after = Scrape.of(svc.plain(), svc.base());
    long ledgerTo = Http.settle(svc.plain(), svc.base(), svc.token());
    long[] kinds = Http.countKinds(svc.plain(), svc.base(), svc.token(), ledgerFrom, ledgerTo);
    Ledger ledger =
        new Ledger(
            ledgerFrom,
            ledgerTo,
            kinds[0],
            kinds[1],
            Math.round(after.count() - before.count()),
            Math.round(after.non200() - before.non200()));
    Latency server = Latency.between(atMeasure.join(), after);
    return new Row(svc.dbName(), shape, o, server, cpu, rss, ledger);
  }

  private static void scrapeInto(CompletableFuture<Scrape> target, Service svc) {
    try {
      target.complete(Scrape.of(svc.plain(), svc.base()));
    } catch (Exception e) {
      target.completeExceptionally(e);
    }
  }

  static String summary(Row r) {
    Outcome o = r.client();
    return String.format(
        Locale.ROOT,
        "p50 %.2f p99 %.2f p99.9 %.2f ms, %.0f/s, %d errors%s, server p50 %.2f p99 %.2f mean %.2f"
            + " ms, cpu %.2f, rss %d MiB, ledger %d/%d",
        ms(o, 50),
        ms(o, 99),
        ms(o, 99.9),
        o.throughput(),
        o.errors(),
        o.firstError() == null ? "" : " (" + o.firstError() + ")",
        r.server().p50Ms(),
        r.server().p99Ms(),
        r.server().meanMs(),
        r.cpuCores(),
        r.rssMiB(),
        r.ledger().admission(),
        r.ledger().serverAnswers());
  }

  static double ms(Outcome o, double percentile) {
    return o.latency().getTotalCount() == 0
        ? Double.NaN
        : o.latency().getValueAtPercentile(percentile) / 1000.0;
  }

  private static String fill(String template, String unique) {
    return template.replace(Sources.NAME, "bench-" + unique).replace(Sources.UID, unique);
  }

  static void log(String format, Object... args) {
    System.out.println(
        "[bench "
            + ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME).substring(0, 8)
            + "] "
            + String.format(Locale.ROOT, format, args));
  }

  private static void stop(Process p, int seconds) throws InterruptedException {
    if (p != null) {
      p.destroy();
      p.waitFor(seconds, TimeUnit.SECONDS);
    }
  }

  private static String javaBin() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
