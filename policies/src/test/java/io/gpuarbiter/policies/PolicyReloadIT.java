package io.gpuarbiter.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gpuarbiter.arbitration.policy.PolicyOutcome.Enforcement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies reload without a restart: a valid bundle, then a changed one (the organisation turns
 * require-team into a warning through data.json, built by the pinned OPA), then a broken one, which
 * leaves the changed bundle in force and is counted.
 */
class PolicyReloadIT {
  @TempDir Path dir;

  @Test
  void changedBundleIsSwappedInAndBrokenOneKeepsThePrevious() throws Exception {
    Path live = dir.resolve("bundle-wasm.tar.gz");
    Path original = Samples.bundleDir().resolve("bundle-wasm.tar.gz");
    Path changed = buildWithRequireTeamAsWarning();
    PolicyInput orphan = orphan();
    replace(original, live);

    try (ReloadingPolicyEvaluator evaluator = new ReloadingPolicyEvaluator(live)) {
      String first = evaluator.bundleDigest();
      assertThat(enforcementOfRequireTeam(evaluator, orphan)).isEqualTo(Enforcement.DENY);
      assertThat(evaluator.reloadIfChanged()).as("unchanged file").isFalse();

      replace(changed, live);
      assertThat(evaluator.reloadIfChanged()).isTrue();
      String second = evaluator.bundleDigest();
      assertThat(second)
          .isNotEqualTo(first)
          .isEqualTo(PolicyBundle.digest(Files.readAllBytes(changed)));
      assertThat(enforcementOfRequireTeam(evaluator, orphan)).isEqualTo(Enforcement.WARN);

      Files.writeString(live, "not a bundle", StandardCharsets.UTF_8);
      assertThat(evaluator.reloadIfChanged()).isFalse();
      assertThat(evaluator.failedReloads()).isEqualTo(1);
      assertThat(evaluator.lastError()).hasValueSatisfying(e -> assertThat(e).contains("gzip"));
      assertThat(evaluator.bundleDigest()).isEqualTo(second);
      assertThat(enforcementOfRequireTeam(evaluator, orphan)).isEqualTo(Enforcement.WARN);
      assertThat(evaluator.reloadIfChanged()).as("same broken file is not retried").isFalse();
      assertThat(evaluator.failedReloads()).isEqualTo(1);

      // A Rego-only bundle (what an OPA server runs) has no Wasm module: refused as well.
      replace(Samples.bundleDir().resolve("bundle.tar.gz"), live);
      assertThat(evaluator.reloadIfChanged()).isFalse();
      assertThat(evaluator.failedReloads()).isEqualTo(2);
      assertThat(evaluator.lastError())
          .hasValueSatisfying(e -> assertThat(e).contains("policy.wasm"));

      // The background watcher picks up the next good bundle by itself.
      evaluator.start(Duration.ofMillis(50));
      replace(original, live);
      await().untilAsserted(() -> assertThat(evaluator.bundleDigest()).isEqualTo(first));
      assertThat(evaluator.successfulReloads()).isEqualTo(2);
      assertThat(evaluator.lastError()).isEmpty();
      assertThat(enforcementOfRequireTeam(evaluator, orphan)).isEqualTo(Enforcement.DENY);
    }
  }

  private static Enforcement enforcementOfRequireTeam(PolicyEvaluator e, PolicyInput input) {
    return e.evaluate(input).findings().stream()
        .filter(f -> f.policy().equals("require-team"))
        .findFirst()
        .orElseThrow()
        .enforcement();
  }

  private static PolicyInput orphan() {
    return Samples.all().stream()
        .filter(s -> s.policy().equals("require-team") && s.denied())
        .findFirst()
        .orElseThrow()
        .input();
  }

  /** Writes through a temporary file and a rename, as a deployment would, so no half file shows. */
  private void replace(Path from, Path to) throws IOException {
    Path tmp = dir.resolve("incoming.tmp");
    Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The library's Rego with data.json overriding require-team to warn, compiled to Wasm. */
  private Path buildWithRequireTeamAsWarning() throws Exception {
    Path src = dir.resolve("library");
    Path library = Samples.libraryDir();
    try (Stream<Path> files = Files.walk(library, 2)) {
      for (Path f : files.filter(PolicyReloadIT::isPolicySource).toList()) {
        Path target = src.resolve(library.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    String data = Files.readString(library.resolve("data.json"));
    Files.writeString(
        src.resolve("data.json"),
        data.replace("\"enforcement\": {}", "\"enforcement\": {\"require-team\": \"warn\"}"));
    Path out = dir.resolve("changed.tar.gz");
    Process build =
        new ProcessBuilder(
                OpaServer.binary().toString(),
                "build",
                "-t",
                "wasm",
                "-e",
                PolicyEvaluator.ENTRYPOINT,
                "-o",
                out.toString(),
                src.toString())
            .inheritIO()
            .start();
    assertThat(build.waitFor()).as("opa build").isZero();
    return out;
  }

  private static boolean isPolicySource(Path f) {
    String name = f.getFileName().toString();
    return name.endsWith(".rego") && !name.endsWith("_test.rego")
        || name.equals("data.json") && f.getParent().equals(Samples.libraryDir());
  }
}
