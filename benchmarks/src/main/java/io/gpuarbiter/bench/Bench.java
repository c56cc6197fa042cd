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
 * Admission benchmark (issue 9): the service on H2, on PostgreSQL and as three replicas on one
 * PostgreSQL ({@link Replicas}), and an OPA server peer, under the same schedules and reviews;
 * writes BENCHMARKS.md.
 *
 * <p>Flags ({@link Options}): {@code --seconds N} (measured seconds per shape), {@code --warmup N},
 * {@code --start-warmup N}, {@code --dbs h2,pg,pg3}, {@code --shapes open250,closed16} (default
 * all), {@code --opa true|false}, {@code --service-jvm "ARGS"}, {@code --out FILE}, {@code --repo
 * DIR}, {@code --corpus DIR}.
 */
public final class Bench {
  /** Connections the generator spreads reviews over: as from two kube-apiserver replicas. */
  static final int CONNECTIONS = 2;

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

  /**
   * A started service, one process or several replicas on one database: their processes and plain
   * HTTP bases (same order), the demo token (from the first), and the load generator spreading
   * reviews over all of them.
   */
  record Service(
      String dbName,
      List<Process> procs,
      HttpClient plain,
      List<String> bases,
      String token,
      Load load) {
    /** The base the ledger is read through: the first process's (replicas share the ledger). */
    String ledgerBase() {
      return bases.get(0);
    }
  }

  /** One started service process: its data directory and its plain HTTP and HTTPS ports. */
  record Instance(Process proc, Path data, int http, int https) {}

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
      opaRows = OpaPeer.run(opts, sources, runId);
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

  /**
   * The service on one database ({@code h2} or {@code pg}), or three replicas on one PostgreSQL
   * ({@code pg3}, {@link Replicas}): every shape, one row each.
   */
  private static List<Row> runService(Options opts, String db, Sources sources, String runId)
      throws Exception {
    if (db.equals("pg3")) {
      return Replicas.run(opts, reviews(sources, runId + db));
    }
    Path data = Files.createTempDirectory("bench-data-" + db + "-");
    PostgresServer pg = db.equals("pg") ? PostgresServer.start() : null;
    Instance one = null;
    try {
      one = launch(opts, data, pg == null ? null : jdbcUrl(pg));
      String dbName = pg != null ? "PostgreSQL 17" : "H2";
      Service svc = connect(dbName, List.of(one), reviews(sources, runId + db), opts.http());
      return measureAll(opts, svc);
    } finally {
      stop(one == null ? List.of() : List.of(one.proc()), 20);
      if (pg != null) {
        pg.close();
      }
    }
  }

  /** Unique reviews for one service run: request {@code n} gets a name and uid of its own. */
  static LongFunction<String> reviews(Sources sources, String prefix) {
    return n -> fill(sources.pick(n).review(), prefix + n);
  }

  /** A new empty {@code arbiter} database on {@code pg}; its JDBC URL for the service. */
  static String jdbcUrl(PostgresServer pg) throws Exception {
    return pg.createDatabase("arbiter").replace("localhost", "127.0.0.1");
  }

  /**
   * The start-up warm-up (closed 16, spread over every process, for as many times the seconds as
   * there are processes, so each JVM gets as many warm-up requests as a single service does), then
   * every shape in order, each with its ledger check from where the previous one ended.
   */
  static List<Row> measureAll(Options opts, Service svc) throws Exception {
    int warmup = opts.startWarmup() * svc.procs().size();
    svc.load().run(Shape.closed(16), 0, warmup); // JIT and connections, not measured
    List<Row> rows = new ArrayList<>();
    long ledgerAt = Http.settle(svc.plain(), svc.ledgerBase(), svc.token());
    for (Shape shape : opts.shapes()) {
      Row row = measureShape(opts, svc, shape, ledgerAt);
      ledgerAt = row.ledger().to();
      rows.add(row);
      log("%s %-16s %s", svc.dbName(), shape.name(), summary(row));
    }
    return rows;
  }

  /**
   * Starts the service jar on {@code data} with ports of its own; on H2 when {@code jdbcUrl} is
   * null, else on that PostgreSQL database.
   */
  static Instance launch(Options opts, Path data, String jdbcUrl) throws Exception {
    int http = freePort();
    int https = freePort();
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
    if (jdbcUrl != null) {
      env.put("ARBITER_DATABASE_URL", jdbcUrl);
      env.put("ARBITER_DATABASE_USER", "postgres");
    }
    return new Instance(pb.start(), data, http, https);
  }

  /** Polls {@code instance}'s /health until it is UP. */
  static void waitUp(HttpClient plain, Instance instance) throws Exception {
    Http.waitUp(plain, URI.create(base(instance) + "/health"), instance.proc());
  }

  private static String base(Instance instance) {
    return "http://127.0.0.1:" + instance.http();
  }

  /**
   * Waits for every instance, fetches a demo token from the first, and aims one load generator at
   * all their webhooks (round-robin by request). All trust the first instance's CA: replicas share
   * its certificate. {@link #CONNECTIONS} clients per instance, not in total: each replica gets as
   * many connections of its own as the single service does (the generator sends client k's reviews
   * to instance k mod n only), so pg3 is not measured with a third of the connections.
   */
  static Service connect(
      String dbName,
      List<Instance> instances,
      LongFunction<String> body,
      HttpClient.Version version)
      throws Exception {
    HttpClient plain = Http.client();
    List<String> bases = new ArrayList<>();
    List<URI> webhooks = new ArrayList<>();
    for (Instance i : instances) {
      waitUp(plain, i);
      bases.add(base(i));
      webhooks.add(URI.create("https://localhost:" + i.https() + "/admission/validate"));
    }
    Path ca = instances.get(0).data().resolve("tls/ca.crt");
    List<HttpClient> tls = Http.clients(ca, version, CONNECTIONS * instances.size());
    Load load = new Load(tls, webhooks, body, new AtomicLong());
    List<Process> procs = instances.stream().map(Instance::proc).toList();
    return new Service(dbName, procs, plain, bases, Http.token(plain, bases.get(0)), load);
  }

  /**
   * One shape against the service. Server latency covers what it answered from the end of the
   * warm-up (scraped then) to the end of the shape; the ledger check covers the whole shape. With
   * several processes, latency histograms, CPU and RSS are their sums; the ledger (shared) is read
   * through the first.
   */
  private static Row measureShape(Options opts, Service svc, Shape shape, long ledgerFrom)
      throws Exception {
    Scrape before = scrapeAll(svc);
    long cpu0 = cpuTicks(svc.procs());
    CompletableFuture<Scrape> atMeasure = new CompletableFuture<>();
    Outcome o =
        svc.load().run(shape, opts.warmup(), opts.seconds(), () -> scrapeInto(atMeasure, svc));
    double cpu = (cpuTicks(svc.procs()) - cpu0) / 100.0 / (opts.warmup() + o.seconds());
    long rss = 0;
    for (Process p : svc.procs()) {
      rss += Procfs.rssMiB(p.pid());
    }
    Scrape after = scrapeAll(svc);
    String base = svc.ledgerBase();
    long ledgerTo = Http.settle(svc.plain(), base, svc.token());
    long[] kinds = Http.countKinds(svc.plain(), base, svc.token(), ledgerFrom, ledgerTo);
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

  /** utime + stime of every process, in clock ticks. */
  private static long cpuTicks(List<Process> procs) throws IOException {
    long ticks = 0;
    for (Process p : procs) {
      ticks += Procfs.cpuTicks(p.pid());
    }
    return ticks;
  }

  /** Every process's scrape, summed ({@link Scrape#sum}). */
  private static Scrape scrapeAll(Service svc) throws Exception {
    List<Scrape> scrapes = new ArrayList<>();
    for (String base : svc.bases()) {
      scrapes.add(Scrape.of(svc.plain(), base));
    }
    return Scrape.sum(scrapes);
  }

  private static void scrapeInto(CompletableFuture<Scrape> target, Service svc) {
    try {
      target.complete(scrapeAll(svc));
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

  static String fill(String template, String unique) {
    return template.replace(Sources.NAME, "bench-" + unique).replace(Sources.UID, unique);
  }

  static void log(String format, Object... args) {
    System.out.println(
        "[bench "
            + ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME).substring(0, 8)
            + "] "
            + String.format(Locale.ROOT, format, args));
  }

  static void stop(Process p, int seconds) throws InterruptedException {
    if (p != null) {
      stop(List.of(p), seconds);
    }
  }

  /** Asks every process to stop, then waits up to {@code seconds} for each. */
  static void stop(List<Process> procs, int seconds) throws InterruptedException {
    procs.forEach(Process::destroy);
    for (Process p : procs) {
      p.waitFor(seconds, TimeUnit.SECONDS);
    }
  }

  private static String javaBin() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
