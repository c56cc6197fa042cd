package io.gpuarbiter.api.boot;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the database, the ledger's signing key and the TLS key: it is the
 * owner's only (0700), and so is every file in it (0600). The directory is made private before
 * anything is written into it ({@link #makePrivate}); once the service has started, the files H2
 * created with the process's umask are narrowed to 0600 too. On a file system without POSIX
 * permissions nothing is changed.
 */
@Singleton
@Requires(property = "arbiter.data-dir")
public class DataDirectory implements ApplicationEventListener<ServerStartupEvent> {
  static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

  private final Path dir;

  DataDirectory(@Value("${arbiter.data-dir}") String dir) {
    this.dir = Path.of(dir);
  }

  /** Creates the directory if needed and makes it the owner's only (0700). */
  public static void makePrivate(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix()) {
      Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
    }
  }

  /** Narrows every file under the directory to 0600 and every directory to 0700 (H2's files). */
  public static void privatizeFiles(Path dir) throws IOException {
    if (!posix() || !Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.toList()) {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(path, OWNER_ONLY_FILE);
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(path, OWNER_ONLY_DIR);
        }
      }
    }
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    try {
      makePrivate(dir);
      privatizeFiles(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the data directory " + dir + " private", e);
    }
    LOG.debug("data directory {} is the owner's only", dir);
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
