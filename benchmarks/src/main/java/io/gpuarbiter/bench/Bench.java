package io.gpuarbiter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.bench.Load.Outcome;
import io.gpuarbiter.bench.Load.Shape;
import io.gpuarbiter.ledger.testing.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Admission benchmark (issue 9): the service on H2 and on PostgreSQL, and an OPA server peer, under
 * the same schedules and reviews; writes BENCHMARKS.md.
 *
 * <p>Flags: {@code --seconds N} (measured seconds per shape), {@code --warmup N}, {@code --dbs
 * h2,pg}, {@code --out FILE}, {@code --repo DIR}, {@code --corpus DIR}.
 */
public final class Bench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Shape> SHAPES =
      List.of(
          Shape.open(250),
          Shape.open(500),
          Shape.open(1000),
          Shape.open(2000),
          Shape.closed(1),
          Shape.closed(16),
          Shape.closed(64));

  private Bench() {}

  /** One measured run and what the process under load did meanwhile. */
  record Row(
      String db,
      Shape shape,
      Outcome client,
      double serverMeanMs,
      double cpuCores,
      long rssMiB,
      long ledgerAdmission,
      long ledgerOther,
      long serverAnswers,
      long serverNon200) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int seconds = Integer.parseInt(flags.getOrDefault("seconds", "15"));
    int warmup = Integer.parseInt(flags.getOrDefault("warmup", "2"));
    int startWarmup = Integer.parseInt(flags.getOrDefault("start-warmup", "10"));
    Path repo = Path.of(flags.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    Path corpus =
        Path.of(flags.getOrDefault("corpus", repo.resolve("../shared/corpus").toString()))
            .toAbsolutePath()
            .normalize();
    Path out = Path.of(flags.getOrDefault("out", repo.resolve("BENCHMARKS.md").toString()));
    List<String> dbs = List.of(flags.getOrDefault("dbs", "h2,pg").split(","));
    Path jar = repo.resolve("governance-api/target/governance-api-0.1.0-SNAPSHOT.jar");
    Path opa = repo.resolve("policies/.tools/opa");
    Path bundle = repo.resolve("policies/target/classes/policy-bundle/bundle.tar.gz");
    long t0 = System.nanoTime();

    Sources sources = Sources.load(corpus, repo.resolve("deploy/demo/model.yaml"));
    log(
        "reviews: %d corpus workload templates (%d docs skipped: not GPU or unreadable), %d trace"
            + " GPU pods (%d CPU-only rows skipped)",
        sources.workloads.size(),
        sources.workloadDocsSkipped,
        sources.tracePods.size(),
        sources.traceRowsWithoutGpu);
    String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    // The OPA peer: one server, every shape; its rows are shared by both databases.
    Map<String, Row> opaRows = new LinkedHashMap<>();
    Path opaLog = Files.createTempFile("bench-opa", ".log");
    int opaPort = freePort();
    Process opaProc =
        new ProcessBuilder(
                opa.toString(),
                "run",
                "--server",
                "--addr",
                "127.0.0.1:" + opaPort,
                "--log-level",
                "error",
                "-b",
                bundle.toString())
            .redirectErrorStream(true)
            .redirectOutput(opaLog.toFile())
            .start();
    try {
      HttpClient plain = client(null);
      waitUp(plain, URI.create("http://127.0.0.1:" + opaPort + "/health?bundles"), opaProc);
      AtomicLong seq = new AtomicLong();
      Load load =
          new Load(
              plain,
              URI.create("http://127.0.0.1:" + opaPort + "/v1/data/gpuarbiter/entrypoint/result"),
              n -> fill(sources.pick(n).opaBody(), runId + "o" + n),
              seq);
      load.run(Shape.closed(16), 0, startWarmup); // JIT and connections, not measured
      for (Shape shape : SHAPES) {
        long cpu0 = cpuTicks(opaProc.pid());
        Outcome o = load.run(shape, warmup, seconds);
        double cpu = (cpuTicks(opaProc.pid()) - cpu0) / 100.0 / (warmup + o.seconds());
        Row row = new Row("OPA", shape, o, Double.NaN, cpu, rssMiB(opaProc.pid()), 0, 0, 0, 0);
        opaRows.put(shape.name(), row);
        log("OPA %-16s %s", shape.name(), summary(row));
      }
    } finally {
      opaProc.destroy();
      opaProc.waitFor(10, TimeUnit.SECONDS);
    }

    List<Row> rows = new ArrayList<>();
    for (String db : dbs) {
      PostgresServer pg = null;
      Map<String, String> env = new LinkedHashMap<>();
      Path data = Files.createTempDirectory("bench-data-" + db + "-");
      env.put("ARBITER_DATA", data.toString());
      int http = freePort();
      int https = freePort();
      env.put("ARBITER_HTTP_PORT", Integer.toString(http));
      env.put("ARBITER_HTTPS_PORT", Integer.toString(https));
      if (db.equals("pg")) {
        pg = PostgresServer.start();
        env.put(
            "ARBITER_DATABASE_URL", pg.createDatabase("arbiter").replace("localhost", "127.0.0.1"));
        env.put("ARBITER_DATABASE_USER", "postgres");
      }
      String dbName = db.equals("pg") ? "PostgreSQL 17" : "H2";
      ProcessBuilder pb =
          new ProcessBuilder(javaBin(), "-jar", jar.toString())
              .directory(data.toFile())
              .redirectErrorStream(true)
              .redirectOutput(data.resolve("service.log").toFile());
      pb.environment().putAll(env);
      Process svc = pb.start();
      try {
        HttpClient plain = client(null);
        String base = "http://127.0.0.1:" + http;
        waitUp(plain, URI.create(base + "/health"), svc);
        HttpClient tls = client(data.resolve("tls/ca.crt"));
        String token = token(plain, base);
        AtomicLong seq = new AtomicLong();
        Load load =
            new Load(
                tls,
                URI.create("https://localhost:" + https + "/admission/validate"),
                n -> fill(sources.pick(n).review(), runId + db + n),
                seq);
        load.run(Shape.closed(16), 0, startWarmup); // JIT and connections, not measured
        long ledgerBefore = settle(plain, base, token);
        for (Shape shape : SHAPES) {
          double[] prom0 = prometheus(plain, base);
          long cpu0 = cpuTicks(svc.pid());
          Outcome o = load.run(shape, warmup, seconds);
          long cpu1 = cpuTicks(svc.pid());
          long rss = rssMiB(svc.pid());
          double[] prom1 = prometheus(plain, base);
          long ledgerAfter = settle(plain, base, token);
          long[] kinds = countKinds(plain, base, token, ledgerBefore, ledgerAfter);
          ledgerBefore = ledgerAfter;
          double serverMean =
              prom1[0] > prom0[0]
                  ? (prom1[1] - prom0[1]) / (prom1[0] - prom0[0]) * 1000
                  : Double.NaN;
          Row row =
              new Row(
                  dbName,
                  shape,
                  o,
                  serverMean,
                  (cpu1 - cpu0) / 100.0 / (warmup + o.seconds()),
                  rss,
                  kinds[0],
                  kinds[1],
                  Math.round(prom1[0] - prom0[0]),
                  Math.round(prom1[2] - prom0[2]));
          rows.add(row);
          log("%s %-16s %s", dbName, shape.name(), summary(row));
        }
      } finally {
        svc.destroy();
        svc.waitFor(20, TimeUnit.SECONDS);
        if (pg != null) {
          pg.close();
        }
      }
    }
    double minutes = (System.nanoTime() - t0) / 60e9;
    Files.writeString(
        out,
        Report.markdown(
            repo, rows, opaRows, sources, seconds, warmup, startWarmup, minutes, flags));
    log("wrote %s (%.1f min)", out, minutes);
  }

  static String summary(Row r) {
    Outcome o = r.client();
    return String.format(
        Locale.ROOT,
        "p50 %.2f p99 %.2f p99.9 %.2f ms, %.0f/s, %d errors%s, server mean %.2f ms, cpu %.2f, rss %d MiB,"
            + " ledger %d/%d",
        ms(o, 50),
        ms(o, 99),
        ms(o, 99.9),
        o.throughput(),
        o.errors(),
        o.firstError() == null ? "" : " (" + o.firstError() + ")",
        r.serverMeanMs(),
        r.cpuCores(),
        r.rssMiB(),
        r.ledgerAdmission(),
        r.serverAnswers());
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

  private static String javaBin() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static HttpClient client(Path ca) throws Exception {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor());
    if (ca != null) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      try (InputStream in = Files.newInputStream(ca)) {
        ks.setCertificateEntry(
            "arbiter-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      b.sslContext(ssl);
    }
    return b.build();
  }

  private static void waitUp(HttpClient c, URI health, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(health + ": process exited with " + p.exitValue());
      }
      try {
        if (get(c, health, null).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(health + " not up after 120 s");
  }

  private static HttpResponse<String> get(HttpClient c, URI uri, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(HttpClient c, String base) throws Exception {
    HttpResponse<String> r =
        c.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/demo-token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ivan\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("access_token").asText();
  }

  /** Tree size once the sequencer has integrated everything queued (unchanged for 2.5 s). */
  private static long settle(HttpClient c, String base, String token) throws Exception {
    long last = -1;
    long since = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String body = get(c, URI.create(base + "/api/v1/ledger/checkpoint"), token).body();
      long size = Long.parseLong(body.split("\n")[1].trim());
      if (size != last) {
        last = size;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(2500)) {
        return size;
      }
      Thread.sleep(250);
    }
    return last;
  }

  /** Entries in [from, to) of the tree: {admission, everything else}. */
  private static long[] countKinds(HttpClient c, String base, String token, long from, long to)
      throws Exception {
    long admission = 0;
    long other = 0;
    long next = from;
    while (next < to) {
      JsonNode page =
          JSON.readTree(
              get(c, URI.create(base + "/api/v1/ledger/entries?limit=1000&from=" + next), token)
                  .body());
      JsonNode entries = page.path("entries");
      if (entries.isEmpty()) {
        break;
      }
      for (JsonNode e : entries) {
        long s = e.path("seq").asLong();
        if (s < from || s >= to) {
          continue;
        }
        if (e.path("kind").asText().equals("admission")) {
          admission++;
        } else {
          other++;
        }
      }
      if (page.path("nextFrom").isNull() || page.path("nextFrom").isMissingNode()) {
        break;
      }
      next = page.path("nextFrom").asLong();
    }
    return new long[] {admission, other};
  }

  /**
   * {count, sum seconds, count not 200} of http_server_requests_seconds for /admission/validate.
   */
  private static double[] prometheus(HttpClient c, String base) throws Exception {
    double count = 0;
    double sum = 0;
    double non200 = 0;
    for (String line : get(c, URI.create(base + "/prometheus"), null).body().split("\n")) {
      if (!line.contains("uri=\"/admission/validate\"")) {
        continue;
      }
      double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      if (line.startsWith("http_server_requests_seconds_count{")) {
        count += v;
        if (!line.contains("status=\"200\"")) {
          non200 += v;
        }
      } else if (line.startsWith("http_server_requests_seconds_sum{")) {
        sum += v;
      }
    }
    return new double[] {count, sum, non200};
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
  }

  private static long rssMiB(long pid) throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
