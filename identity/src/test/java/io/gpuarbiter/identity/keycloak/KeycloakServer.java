package io.gpuarbiter.identity.keycloak;

import static org.awaitility.Awaitility.await;

import io.gpuarbiter.identity.realm.DemoRealm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real Keycloak server for the integration tests: the keycloak-quarkus-dist zip from Maven
 * Central (unpacked by the build into {@code target/keycloak}), started with {@code kc.sh start-dev
 * --import-realm} on free loopback ports, with the JDK that runs the tests. Each start begins with
 * an empty {@code data/} (dev-file database) holding only the realm to import.
 */
public final class KeycloakServer implements AutoCloseable {
  /**
   * A master-realm admin client that Keycloak creates at first start (its bootstrap admin), for
   * tests that change the realm as an administrator would ({@link RealmAdmin}). Test-only secret.
   */
  static final String ADMIN_CLIENT_ID = "arbiter-test-admin";

  static final String ADMIN_CLIENT_SECRET = "arbiter-test-admin-secret";

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final URI baseUrl;
  private final Path log;
  private final Duration startup;

  private KeycloakServer(Process process, URI baseUrl, Path log, Duration startup) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
    this.startup = startup;
  }

  /** The distribution and realm named by the failsafe system properties. */
  public static KeycloakServer startFromBuild() throws IOException, InterruptedException {
    return start(
        Path.of(required("keycloak.home")),
        Path.of(required("keycloak.realm.file")),
        Path.of("target"));
  }

  /**
   * Starts Keycloak and returns once the imported realm answers its OpenID discovery document.
   *
   * @param home the unpacked distribution ({@code bin/kc.sh} inside)
   * @param realmFile the realm export to import
   * @param logDirectory where the server's output goes ({@code keycloak-<port>.log})
   */
  public static KeycloakServer start(Path home, Path realmFile, Path logDirectory)
      throws IOException, InterruptedException {
    Path script = home.resolve("bin/kc.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(
          script
              + " is missing: run the ITs through Maven (`verify`), whose pre-integration-test"
              + " phase unpacks org.keycloak:keycloak-quarkus-dist into target/keycloak");
    }
    resetData(home, realmFile);
    int port = freePort();
    Files.createDirectories(logDirectory);
    Path log = logDirectory.resolve("keycloak-" + port + ".log").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    "bash",
                    script.toString(),
                    "start-dev",
                    "--import-realm",
                    "--http-host=127.0.0.1",
                    "--http-port=" + port))
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
    builder.environment().put("KC_BOOTSTRAP_ADMIN_CLIENT_ID", ADMIN_CLIENT_ID);
    builder.environment().put("KC_BOOTSTRAP_ADMIN_CLIENT_SECRET", ADMIN_CLIENT_SECRET);
    long began = System.nanoTime();
    Process process = builder.start();
    URI baseUrl = URI.create("http://127.0.0.1:" + port);
    KeycloakServer server = new KeycloakServer(process, baseUrl, log, Duration.ZERO);
    try {
      server.awaitRealm();
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    Duration startup = Duration.ofNanos(System.nanoTime() - began);
    System.out.printf(
        "Keycloak ready at %s in %.1f s (log: %s)%n", baseUrl, startup.toMillis() / 1000.0, log);
    return new KeycloakServer(process, baseUrl, log, startup);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The realm's issuer, {@code <baseUrl>/realms/<realm>}. */
  public URI issuer(String realm) {
    return URI.create(baseUrl + "/realms/" + realm);
  }

  /** From process start to a ready realm. */
  public Duration startup() {
    return startup;
  }

  /** The last lines of the server's output, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops the server and everything it started (kc.sh runs Java as a child). */
  @Override
  public void close() {
    List<ProcessHandle> tree =
        Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (ProcessHandle handle : tree) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception slow) {
        handle.destroyForcibly(); // did not stop in time
      }
    }
  }

  /**
   * Ready = the imported realm serves its discovery document (the import runs before the HTTP
   * listener opens). No health endpoint on purpose: health-enabled is a build-time option, and
   * switching it makes kc.sh re-augment the distribution (~30 s) whenever someone starts it by hand
   * without it.
   */
  private void awaitRealm() throws IOException, InterruptedException {
    URI discovery = URI.create(issuer(DemoRealm.REALM) + "/.well-known/openid-configuration");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      await("Keycloak serving realm " + DemoRealm.REALM)
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .failFast("Keycloak exited before it was ready", () -> !process.isAlive())
          .until(() -> answers200(http, discovery));
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new IllegalStateException(e.getMessage() + ":\n" + logTail(), e);
    }
  }

  private static boolean answers200(HttpClient http, URI uri) throws InterruptedException {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void resetData(Path home, Path realmFile) throws IOException {
    Path data = home.resolve("data");
    if (Files.exists(data)) {
      try (Stream<Path> paths = Files.walk(data)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Path imports = Files.createDirectories(data.resolve("import"));
    Files.copy(
        realmFile, imports.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run the ITs through Maven (`verify`)");
    }
    return value;
  }
}
