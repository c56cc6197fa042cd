package io.gpuarbiter.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code main} in a child JVM, as an operator would, to see it refuse a bad model. */
class StartupIT {
  @TempDir Path temp;

  @Test
  void invalidModelStopsStartupNamingEveryProblem() throws Exception {
    Path model = temp.resolve("broken.yaml");
    Files.writeString(
        model,
        String.join(
            "\n",
            "apiVersion: gpu-arbiter.io/v1",
            "kind: GovernanceModel",
            "organization:",
            "  name: acme",
            "  departments:",
            "    - id: research",
            "      teams: [{id: nlp, namespaces: [nlp]}]",
            "pools:",
            "  - {id: h100, gpuModel: H100-80GB, gpuMemory: 80Gi, gpus: 8, powerPerGpu: 700}",
            "quotas:",
            "  - {team: nlp, pool: h200, guaranteed: 2}",
            ""));
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Application.class.getName())
            .redirectErrorStream(true);
    pb.environment().put("ARBITER_MODEL", model.toString());
    pb.environment().put("ARBITER_DATA", temp.resolve("data").toString());
    Process process = pb.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits promptly").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).isEqualTo(Application.INVALID_MODEL);
    assertThat(output)
        .contains("GPU Arbiter will not start")
        .contains(model + ":9: pools[0].powerPerGpu: expected power with a unit W, kW or MW")
        .contains(model + ":11: quotas[0].pool: unknown pool \"h200\" (known: h100)")
        .contains("missing required field \"classes\"");
    assertThat(temp.resolve("data")).as("nothing written for a refused start").doesNotExist();
  }
}
