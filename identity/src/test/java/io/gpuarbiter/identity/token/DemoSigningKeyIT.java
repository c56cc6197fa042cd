package io.gpuarbiter.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.DemoModel;
import io.gpuarbiter.identity.StaticIdentities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo signing key on disk: created private, reused, refused when exposed or broken. */
class DemoSigningKeyIT {
  @TempDir Path temp;

  @Test
  void theKeyIsCreatedOwnerOnlyOnFirstUseAndReusedAfterwards() throws Exception {
    Path directory = temp.resolve("keys/demo");
    DemoSigningKey first = DemoSigningKey.loadOrCreate(directory);
    Path file = directory.resolve(DemoSigningKey.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
        .isEqualTo("rwx------");
    try (var leftovers = Files.list(directory)) {
      assertThat(leftovers).containsExactly(file);
    }
    DemoSigningKey again = DemoSigningKey.loadOrCreate(directory);
    assertThat(again.keyId()).isEqualTo(first.keyId());
    assertThat(again.jwksJson()).isEqualTo(first.jwksJson());
  }

  @Test
  void aTokenSignedBeforeARestartValidatesAfterIt() throws Exception {
    StaticIdentities directory = new StaticIdentities(DemoModel.model().directory());
    DemoTokenSettings settings = DemoTokenSettings.forIssuer("http://localhost:8080/demo");
    String token =
        new DemoTokenIssuer(
                DemoSigningKey.loadOrCreate(temp), directory, settings, Clock.systemUTC())
            .issue(new UserId("kim"))
            .orElseThrow()
            .accessToken();
    DemoTokenIssuer restarted =
        new DemoTokenIssuer(
            DemoSigningKey.loadOrCreate(temp), directory, settings, Clock.systemUTC());
    assertThat(
            TokenValidation.validate(
                    token, restarted.jwksJson(), settings.issuer(), settings.audience())
                .getStringClaim("preferred_username"))
        .isEqualTo("kim");
  }

  @Test
  void aKeyFileOthersCanReadIsRefused() throws Exception {
    DemoSigningKey.loadOrCreate(temp);
    Path file = temp.resolve(DemoSigningKey.FILE_NAME);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> DemoSigningKey.loadOrCreate(temp))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void aFileThatIsNotAPrivateKeyIsRefused() throws Exception {
    Path file = temp.resolve(DemoSigningKey.FILE_NAME);
    Files.writeString(file, DemoSigningKey.generate().jwksJson());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> DemoSigningKey.loadOrCreate(temp))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a private RSA JWK");
  }
}
