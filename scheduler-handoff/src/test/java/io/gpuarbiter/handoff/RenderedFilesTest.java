package io.gpuarbiter.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.handoff.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/schedulers holds what RenderMain prints for the demo organisation. A model or renderer
 * change that is not re-rendered fails here; the message says how to regenerate.
 */
class RenderedFilesTest {

  @ParameterizedTest
  @ValueSource(strings = {"kueue", "kai"})
  void committedFileIsWhatTheCommandRenders(String scheduler) throws Exception {
    Path file = Repo.root().resolve("deploy/schedulers/" + scheduler + "/northwind-ai.yaml");
    List<String> args = args(scheduler);
    // The command runs from the repository root, as the README documents.
    String rendered = RenderMain.render(args, Repo.root());
    assertThat(Files.readString(file))
        .as("%s drifted from the renderer: regenerate with RenderMain %s", file, args)
        .isEqualTo(rendered);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--scheduler", "--bogus"})
  void badArgumentsAreRefused(String flag) {
    assertThatThrownBy(() -> RenderMain.render(List.of("--model", "m.yaml", flag, "nope")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static List<String> args(String scheduler) {
    return List.of(
        "--model",
        "deploy/demo/model.yaml",
        "--scheduler",
        scheduler,
        "--at",
        "2026-12-01T00:00:00Z");
  }
}
