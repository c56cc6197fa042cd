package io.gpuarbiter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelLoaderTest {
  /** The demo model ships in deploy/demo; tests run in the module directory. */
  static final Path DEMO = Path.of("..", "deploy", "demo", "model.yaml");

  @Test
  void demoModelLoadsWithEveryPart() throws Exception {
    GovernanceModel model = ModelLoader.load(DEMO).model();

    assertThat(model.organization().departments()).hasSize(3);
    assertThat(model.organization().teams()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(model.pools())
        .extracting(p -> p.gpuModel())
        .contains("H100-80GB", "A100-40GB", "L4");
    assertThat(model.pool(new PoolId("h100")).orElseThrow().offers(SharingMode.MIG)).isTrue();
    assertThat(model.pool(new PoolId("l4")).orElseThrow().offers(SharingMode.TIME_SLICING))
        .isTrue();
    assertThat(model.classes()).containsKeys(WorkloadClass.values());
    assertThat(model.classes().get(WorkloadClass.EXPERIMENTATION).maxDuration())
        .contains(Duration.ofHours(24));
    assertThat(model.quota(new TeamId("nlp"), new PoolId("h100")).orElseThrow().guaranteed())
        .isEqualTo(Gpue.ofWhole(12));
    assertThat(model.reservations())
        .singleElement()
        .satisfies(r -> assertThat(r.mode()).isEqualTo(ReservationMode.LENDABLE_WHEN_IDLE));
    assertThat(model.authority()).anySatisfy(a -> assertThat(a.vetoGroups()).contains("finance"));
    assertThat(model.organization().teamOwning("default")).isPresent();
  }

  @Test
  void demoModelHasUsersForEveryRole() throws Exception {
    GovernanceModel model = ModelLoader.load(DEMO).model();
    for (var role : io.gpuarbiter.arbitration.model.Role.values()) {
      assertThat(model.directory().users()).anySatisfy(u -> assertThat(u.roles()).contains(role));
    }
  }

  @Test
  void digestIdentifiesTheText() throws Exception {
    String a = ModelLoader.load(DEMO).digest();
    assertThat(a).hasSize(64).isEqualTo(ModelLoader.load(DEMO).digest());
  }

  @Test
  void invalidModelReportsEveryProblemWithFileLineAndPath() {
    Path file = Path.of("src/test/resources/models/invalid.yaml");
    assertThatThrownBy(() -> ModelLoader.load(file))
        .isInstanceOfSatisfying(
            InvalidModelException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ModelProblem::toString)
                    .containsExactly(
                        file
                            + ":9: organization.departments[0].teams[1].namespaces: namespace"
                            + " \"nlp\" already belongs to team nlp",
                        file
                            + ":13: pools[0].gpuMemory: expected memory with a unit Mi, Gi or"
                            + " Ti (e.g. 80Gi), got \"80GB\"",
                        file
                            + ":16: pools[0].sharing[1]: unknown sharing mode \"nvlink\""
                            + " (expected one of whole, mig, time-slicing, mps)",
                        file
                            + ":21: classes.experimentation.colour: unknown field (expected"
                            + " one of checkpointingWhenPreemptible, kaiPriorityClass,"
                            + " kueuePriorityClass, maxDuration, preemptible, priority,"
                            + " requiresMaxRuntime, sharing)",
                        file + ":24: quotas[1].pool: unknown pool \"h200\" (known: h100)",
                        file
                            + ":25: quotas[2].guaranteed: expected GPU-equivalents as a"
                            + " non-negative decimal (e.g. 2.5), got \"-1\"",
                        file + ":25: quotas[2].team: unknown team \"robotics\" (known: nlp)",
                        file
                            + ":27: reservations[0].until: window ends"
                            + " (2026-11-01T00:00:00Z) before it starts (2026-12-01T00:00:00Z)"));
  }

  @Test
  void yamlSyntaxErrorNamesTheLine() {
    assertThatThrownBy(() -> ModelLoader.parse("m.yaml", "organization:\n  name: [unclosed\n"))
        .isInstanceOfSatisfying(
            InvalidModelException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> assertThat(p.toString()).startsWith("m.yaml:3: not valid YAML")));
  }

  @Test
  void emptyFileIsRejected() {
    assertThatThrownBy(() -> ModelLoader.parse("m.yaml", ""))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("the model must be a YAML mapping");
  }
}
