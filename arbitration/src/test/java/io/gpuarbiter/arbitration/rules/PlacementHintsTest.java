package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.Placement;
import io.gpuarbiter.arbitration.decision.SchedulerHandOff;
import io.gpuarbiter.arbitration.decision.Toleration;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementHintsTest {
  private static final ArbitrationEngine ENGINE = new ArbitrationEngine();

  private static Admitted admitted(GpuRequest r) {
    Decision d = ENGINE.decide(r, Snapshots.demo(), NOW);
    assertThat(d).as(d.toString()).isInstanceOf(Admitted.class);
    return (Admitted) d;
  }

  @Test
  void handsKueueTheTeamQueueAndClassPriorityWithPoolTolerations() {
    Placement p = admitted(aRequest().team("nlp").wholeGpus(2).build()).placement();

    assertThat(p.scheduler()).isEqualTo(new SchedulerHandOff.Kueue("nlp", "training"));
    assertThat(p.tolerations())
        .containsExactly(new Toleration("nvidia.com/gpu", "present", "NoSchedule"));
    assertThat(p.nodeSelector()).containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
    assertThat(p.preemptible()).isFalse();
  }

  @Test
  void handsKaiTheFractionAndPreemptibility() {
    Placement p =
        admitted(aRequest().team("vision").workloadClass(WorkloadClass.BATCH).fraction(250).build())
            .placement();

    assertThat(p.pool().value()).isEqualTo("a100");
    assertThat(p.scheduler())
        .isEqualTo(
            new SchedulerHandOff.Kai(
                "vision", "train", Optional.of("0.25"), java.util.OptionalLong.empty(), true));
    assertThat(((SchedulerHandOff.Kai) p.scheduler()).preemptibility()).isEqualTo("preemptible");
  }

  static Stream<Arguments> sizing() {
    return Stream.of(
        Arguments.of(
            "a 7B bf16 model gets a 1g.20gb slice (16,022 MiB + 10% headroom)",
            "7b", "bf16", "mig 1g.20gb need=16022 warn=[placement.mig-rewrite]"),
        Arguments.of(
            "a 7B int4 model fits a 1g.10gb slice",
            "7b",
            "int4",
            "mig 1g.10gb need=4006 warn=[placement.mig-rewrite]"),
        Arguments.of(
            "a 70B bf16 model does not fit one H100: whole GPU, flagged undersized",
            "70b",
            "bf16",
            "whole - need=160218 warn=[sizing.undersized]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sizing")
  void sizesInferenceFromModelHints(String name, String params, String precision, String want) {
    Admitted a =
        admitted(
            aRequest()
                .team("serving")
                .workloadClass(WorkloadClass.INFERENCE)
                .model(params, precision)
                .build());
    Placement p = a.placement();

    assertThat(
            p.sharing().label()
                + " "
                + p.migProfile().orElse("-")
                + " need="
                + p.sizing().orElseThrow().neededMiB()
                + " warn="
                + a.warnings().stream().map(w -> w.code().code()).toList())
        .isEqualTo(want);
  }

  @Test
  void replacesAnAskedPriorityClassByTheClassDefaultWithAWarning() {
    Admitted a = admitted(aRequest().priorityClass("system-cluster-critical").build());

    assertThat(a.warnings()).extracting(w -> w.code().code()).contains("placement.priority-class");
  }
}
