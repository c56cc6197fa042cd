package io.gpuarbiter.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code ledger-verifier.jar} runs on its own ({@code java -jar}, nothing else on the
 * class path): it verifies the committed vectors and refuses a mistyped option with exit code 2.
 */
class VerifierJarIT {
  private static final Path JAR = Path.of("target/ledger-verifier.jar");
  private static final Path DIR = Path.of("src/test/resources/vectors");

  @TempDir Path temp;

  private record Run(int code, String out, String err) {}

  @Test
  void theJarVerifiesAValidExport() throws Exception {
    Run r = jar("log", "--export", vector("valid.export"), "--key-file", vector("verifier.key"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("OK: 12 entries, 3 checkpoints");
  }

  @Test
  void theJarRefusesAMistypedOptionWithoutAuditing() throws Exception {
    Run r =
        jar(
            "log",
            "--export",
            vector("rolled-back.export"),
            "--key-file",
            vector("verifier.key"),
            "--trusted-checkpont",
            vector("trusted-checkpoint-12.txt"));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("--trusted-checkpont").doesNotContain("FAILED");
    assertThat(r.out()).isEmpty();
  }

  private static String vector(String name) {
    return DIR.resolve(name).toString();
  }

  private Run jar(String... args) throws IOException, InterruptedException {
    assertThat(JAR).as("built by package, before integration-test").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path out = temp.resolve("out");
    Path err = temp.resolve("err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    // A hang guard, not a speed claim: the verifier exits by itself.
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the verifier did not exit");
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
