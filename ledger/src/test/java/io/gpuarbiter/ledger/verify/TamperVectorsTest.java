package io.gpuarbiter.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every committed tamper vector is caught by the verifier CLI (exit 1); the valid ones pass. */
class TamperVectorsTest {

  private static final Path DIR = Path.of("src/test/resources/vectors");

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new VerifierCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String key() {
    return DIR.resolve("verifier.key").toString();
  }

  @Test
  void committedVectorsAreCurrent() throws Exception {
    for (Map.Entry<String, String> f : TamperVectors.generate().entrySet()) {
      assertThat(Files.readString(DIR.resolve(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
    }
  }

  @Test
  void validExportVerifies() {
    Run r = cli("log", "--export", DIR.resolve("valid.export").toString(), "--key-file", key());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("OK: 12 entries, 3 checkpoints");
  }

  @ParameterizedTest(name = "{0} is detected")
  @ValueSource(
      strings = {
        "flipped-byte.export", "flipped-byte-rehashed.export", "reordered.export",
        "reordered-renumbered.export", "deleted.export", "inserted.export",
        "appended-unsigned.export", "truncated.export", "forged-signature.export",
        "forged-size.export", "checkpoint-rollback.export"
      })
  void tamperedExportIsDetected(String file) {
    Run r = cli("log", "--export", DIR.resolve(file).toString(), "--key-file", key());
    assertThat(r.code()).as(r.out()).isEqualTo(1);
    assertThat(r.err()).startsWith("FAILED");
  }

  @Test
  void rollbackBelowATrustedCheckpointIsDetected() {
    Run alone =
        cli("log", "--export", DIR.resolve("rolled-back.export").toString(), "--key-file", key());
    assertThat(alone.code()).isZero();
    Run r =
        cli(
            "log",
            "--export",
            DIR.resolve("rolled-back.export").toString(),
            "--key-file",
            key(),
            "--trusted-checkpoint",
            DIR.resolve("trusted-checkpoint-12.txt").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("rolled back");
  }

  @Test
  void offlineInclusionVerifiesAndRejectsATamperedProof() {
    Run ok =
        cli(
            "inclusion",
            "--entry",
            DIR.resolve("entry-5.json").toString(),
            "--proof",
            DIR.resolve("inclusion-5-12.json").toString(),
            "--checkpoint",
            DIR.resolve("checkpoint-12.txt").toString(),
            "--key-file",
            key());
    assertThat(ok.code()).as(ok.err()).isZero();
    Run bad =
        cli(
            "inclusion",
            "--entry",
            DIR.resolve("entry-5.json").toString(),
            "--proof",
            DIR.resolve("inclusion-5-12-tampered.json").toString(),
            "--checkpoint",
            DIR.resolve("checkpoint-12.txt").toString(),
            "--key-file",
            key());
    assertThat(bad.code()).isEqualTo(1);
  }

  @Test
  void usageErrorsExitWith2() {
    assertThat(cli().code()).isEqualTo(2);
    assertThat(cli("log", "--export", "/nonexistent", "--key-file", key()).code()).isEqualTo(2);
    assertThat(
            cli("log", "--export", DIR.resolve("valid.export").toString(), "--key", "junk").code())
        .isEqualTo(2);
    assertThat(cli("frobnicate").code()).isEqualTo(2);
  }
}
