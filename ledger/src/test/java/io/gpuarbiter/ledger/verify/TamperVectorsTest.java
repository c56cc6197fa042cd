package io.gpuarbiter.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
  void aMistypedOptionIsRefusedBeforeAnyAudit() {
    // Without its trusted checkpoint this rolled-back export verifies (see above): the typo must
    // not turn the audit into the weaker one.
    Run r =
        cli(
            "log",
            "--export",
            DIR.resolve("rolled-back.export").toString(),
            "--key-file",
            key(),
            "--trusted-checkpont",
            DIR.resolve("trusted-checkpoint-12.txt").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("unknown option --trusted-checkpont for log")
        .doesNotContain("FAILED");
    assertThat(r.out()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void badCommandLinesAreUsageErrors(String name, List<String> args, String message) {
    Run r = cli(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message).contains("usage:");
    assertThat(r.out()).isEmpty();
  }

  static Stream<Arguments> badCommandLines() {
    String valid = DIR.resolve("valid.export").toString();
    return Stream.of(
        Arguments.of("no command", List.of(), "missing command"),
        Arguments.of("unknown command", List.of("frobnicate"), "'frobnicate'"),
        Arguments.of(
            "another command's option",
            List.of("log", "--export", valid, "--key-file", key(), "--out", "x"),
            "unknown option --out for log"),
        Arguments.of(
            "a stray argument",
            List.of("log", "--export", valid, "--key-file", key(), "extra"),
            "'extra'"),
        Arguments.of(
            "an option without its value",
            List.of("log", "--key-file", key(), "--export"),
            "Missing required parameter for option '--export'"),
        Arguments.of(
            "an option given twice",
            List.of("log", "--export", valid, "--export", valid, "--key-file", key()),
            "should be specified only once"),
        Arguments.of(
            "both key options",
            List.of("log", "--export", valid, "--key-file", key(), "--key", "k"),
            "not both"),
        Arguments.of("no key", List.of("log", "--export", valid), "--key or --key-file"),
        Arguments.of("no source", List.of("log", "--key-file", key()), "--jdbc-url or --export"),
        Arguments.of(
            "inclusion without its files",
            List.of("inclusion", "--key-file", key()),
            "Missing required options"),
        Arguments.of(
            "export without --out", List.of("export", "--jdbc-url", "jdbc:h2:mem:x"), "--out"));
  }

  @Test
  void helpExitsWith0() {
    Run r = cli("log", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--trusted-checkpoint", "--jdbc-url", "--key-file");
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
