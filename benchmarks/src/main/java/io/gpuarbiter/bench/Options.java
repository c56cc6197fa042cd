package io.gpuarbiter.bench;

import io.gpuarbiter.bench.Load.Shape;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's flags ({@code --name value} pairs), parsed once.
 *
 * @param seconds measured seconds per shape
 * @param warmup unmeasured seconds at the same shape before each measurement
 * @param startWarmup unmeasured seconds at 16 clients when each service starts (JIT)
 * @param repo the repository root (service jar, pinned OPA, policy bundle, demo model)
 * @param corpus the test-data directory (testdata/ by default)
 * @param out where the report goes
 * @param dbs any of {@code h2}, {@code pg} (one service on PostgreSQL) and {@code pg3} (three
 *     replicas on one PostgreSQL), in the order given
 * @param shapes the shapes to run, in the fixed protocol order
 * @param withOpa whether to run the OPA server peer
 * @param serviceJvm extra JVM arguments for the service process
 * @param serviceJar the service jar to run (another build's, to measure before and after)
 * @param http the HTTP version the generator offers over TLS (kube-apiserver uses HTTP/2)
 * @param flags the flags as given, for the report's command line
 */
record Options(
    int seconds,
    int warmup,
    int startWarmup,
    Path repo,
    Path corpus,
    Path out,
    List<String> dbs,
    List<Shape> shapes,
    boolean withOpa,
    List<String> serviceJvm,
    Path serviceJar,
    HttpClient.Version http,
    Map<String, String> flags) {

  /** Every shape of the protocol, in the order they run; {@code --shapes} picks among them. */
  static final List<Shape> ALL_SHAPES =
      List.of(
          Shape.open(250),
          Shape.open(500),
          Shape.open(1000),
          Shape.open(2000),
          Shape.closed(1),
          Shape.closed(16),
          Shape.closed(64));

  /** What {@code --dbs} accepts. */
  static final List<String> KNOWN_DBS = List.of("h2", "pg", "pg3");

  static Options parse(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path repo = Path.of(flags.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    return new Options(
        Integer.parseInt(flags.getOrDefault("seconds", "15")),
        Integer.parseInt(flags.getOrDefault("warmup", "2")),
        Integer.parseInt(flags.getOrDefault("start-warmup", "30")),
        repo,
        Path.of(flags.getOrDefault("corpus", repo.resolve("testdata").toString()))
            .toAbsolutePath()
            .normalize(),
        Path.of(flags.getOrDefault("out", repo.resolve("BENCHMARKS.md").toString())),
        dbs(flags.getOrDefault("dbs", "h2,pg,pg3")),
        shapes(flags.get("shapes")),
        bool("opa", flags.getOrDefault("opa", "true")),
        words(flags.getOrDefault("service-jvm", "")),
        Path.of(
                flags.getOrDefault(
                    "jar",
                    repo.resolve("governance-api/target/governance-api-0.1.0-SNAPSHOT.jar")
                        .toString()))
            .toAbsolutePath(),
        http(flags.getOrDefault("http", "2")),
        Collections.unmodifiableMap(flags));
  }

  Path opaBinary() {
    return repo.resolve("policies/.tools/opa");
  }

  Path policyBundle() {
    return repo.resolve("policies/target/classes/policy-bundle/bundle.tar.gz");
  }

  /** All shapes when absent; else the named ones ({@code open250,closed16}) in protocol order. */
  private static List<Shape> shapes(String keys) {
    if (keys == null || keys.isBlank()) {
      return ALL_SHAPES;
    }
    List<String> wanted = List.of(keys.split(","));
    List<String> known = ALL_SHAPES.stream().map(Shape::key).toList();
    for (String key : wanted) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("--shapes: unknown shape " + key + "; known: " + known);
      }
    }
    return ALL_SHAPES.stream().filter(s -> wanted.contains(s.key())).toList();
  }

  /** The databases to run, checked: a misspelt name must not run on H2. */
  private static List<String> dbs(String value) {
    List<String> dbs = List.of(value.split(","));
    for (String db : dbs) {
      if (!KNOWN_DBS.contains(db)) {
        throw new IllegalArgumentException(
            "--dbs: unknown database " + db + "; known: " + KNOWN_DBS);
      }
    }
    return dbs;
  }

  private static HttpClient.Version http(String value) {
    return switch (value) {
      case "2" -> HttpClient.Version.HTTP_2;
      case "1.1" -> HttpClient.Version.HTTP_1_1;
      default -> throw new IllegalArgumentException("--http: 2 or 1.1, not " + value);
    };
  }

  private static boolean bool(String name, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("--" + name + ": true or false, not " + value);
    };
  }

  private static List<String> words(String value) {
    return value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
  }
}
