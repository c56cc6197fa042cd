package io.gpuarbiter.policies;

import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.PodSet;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Models;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyInputsTest {
  private static final GovernanceSnapshot SNAPSHOT = GovernanceSnapshot.of(Models.demoLike(), "d");
  private static final List<String> IMAGES = List.of("nvcr.io/nvidia/pytorch:24.05-py3");

  private static PolicyInput input(GpuRequest request) {
    return PolicyInputs.from(request, SNAPSHOT, IMAGES);
  }

  @Test
  void explicitClassIsDeclared() {
    PolicyInput in = input(aRequest().workloadClass(WorkloadClass.TRAINING).build());
    assertThat(in.workloadClass()).isEqualTo("training");
    assertThat(in.classExplicit()).isTrue();
  }

  @Test
  void classInferredByRuleIsNotExplicit() {
    PolicyInput in = input(aRequest().kind("Deployment").unclassified().build());
    assertThat(in.workloadClass()).isEqualTo("inference");
    assertThat(in.classExplicit()).isFalse();
  }

  @Test
  void classLabelCountsAsExplicit() {
    GpuRequest labelled =
        aRequest().unclassified().label(GpuRequest.CLASS_LABEL, "experimentation").build();
    PolicyInput in = input(labelled);
    assertThat(in.workloadClass()).isEqualTo("experimentation");
    assertThat(in.classExplicit()).isTrue();
    assertThat(in.classMaxRuntimeSeconds()).isEqualTo(8 * 3600L);
  }

  @Test
  void teamComesFromTheNamespaceWhenTheRequestNamesNone() {
    GpuRequest request =
        aRequest().team("vision").build().toBuilder().team(Optional.empty()).build();
    assertThat(input(request).team()).isEqualTo("vision");
  }

  @Test
  void namespaceWithoutTeamGivesNullTeam() {
    GpuRequest request =
        aRequest().team("scratch").build().toBuilder().team(Optional.empty()).build();
    PolicyInput in = input(request);
    assertThat(in.team()).isNull();
    assertThat(in.borrowing()).isFalse();
  }

  @Test
  void classDefaultMakesBatchPreemptible() {
    assertThat(input(aRequest().workloadClass(WorkloadClass.BATCH).build()).preemptible()).isTrue();
    assertThat(input(aRequest().build()).preemptible()).isFalse();
    assertThat(input(aRequest().preemptible().build()).preemptible()).isTrue();
  }

  @Test
  void requestFieldsAreCarriedOver() {
    GpuRequest request =
        aRequest()
            .maxRuntime(Duration.ofHours(4))
            .checkpointing()
            .priorityClass("train")
            .named("resnet")
            .build();
    PolicyInput in = input(request);
    assertThat(in.maxRuntimeSeconds()).isEqualTo(14_400L);
    assertThat(in.checkpointing()).isTrue();
    assertThat(in.priorityClass()).isEqualTo("train");
    assertThat(in.workload().name()).isEqualTo("resnet");
    assertThat(in.workload().kind()).isEqualTo("PyTorchJob");
    assertThat(in.images()).isEqualTo(IMAGES);
    assertThat(in.apiVersion()).isEqualTo(PolicyInput.API_VERSION);
    assertThat(in.requester()).isEqualTo("alice");
  }

  @Test
  void absentValuesAreNull() {
    PolicyInput in = input(aRequest().build());
    assertThat(in.maxRuntimeSeconds()).isNull();
    assertThat(in.priorityClass()).isNull();
    assertThat(in.classMaxRuntimeSeconds()).isNull();
  }

  @Test
  void askBeyondEveryRemainingGuaranteeBorrows() {
    // vision is guaranteed 4 GPUe on h100 and 2 on a100, none of it used.
    assertThat(input(aRequest().team("vision").pods(1).wholeGpus(4).build()).borrowing()).isFalse();
    assertThat(input(aRequest().team("vision").pods(1).wholeGpus(5).build()).borrowing()).isTrue();
  }

  static Stream<Arguments> gpuCounts() {
    return Stream.of(
        Arguments.of("2 pods x 4 whole GPUs", 2, new GpuDemand.WholeGpus(4), 8.0),
        Arguments.of("3 pods x quarter fraction", 3, new GpuDemand.GpuFraction(250), 0.75),
        Arguments.of("2 pods x one 3g MIG slice", 2, new GpuDemand.MigSlices("3g.40gb", 1), 0.857),
        Arguments.of("2 pods x two 1g MIG slices", 2, new GpuDemand.MigSlices("1g.10gb", 2), 0.571),
        Arguments.of("memory ask counts one GPU", 2, new GpuDemand.GpuMemory(20_480), 2.0),
        Arguments.of("DRA exact count", 1, new GpuDemand.DraDevices(2), 2.0),
        Arguments.of("unsized counts nothing", 1, new GpuDemand.Unsized("CEL"), 0.0),
        Arguments.of(
            "HAMi: larger of memory and core percentage",
            1,
            new GpuDemand.HamiShare(
                2, OptionalInt.of(50), OptionalLong.empty(), OptionalInt.of(30)),
            1.0),
        Arguments.of(
            "HAMi in MiB counts whole devices",
            1,
            new GpuDemand.HamiShare(
                2, OptionalInt.empty(), OptionalLong.of(4096), OptionalInt.empty()),
            2.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gpuCounts")
  void gpusBeforeAPoolIsChosen(String scenario, int pods, GpuDemand demand, double want) {
    GpuRequest request = aRequest().podSets(new PodSet("main", pods, demand)).build();
    assertThat(PolicyInputs.gpus(request)).isEqualTo(want);
  }

  @Test
  void demandKindsCarryOnlyTheirFields() {
    assertThat(PolicyInputs.demand(new GpuDemand.MigSlices("1g.10gb", 2)))
        .isEqualTo(new PolicyInput.Demand("mig", 2, null, null, null, null, "1g.10gb", null));
    assertThat(PolicyInputs.demand(new GpuDemand.GpuFraction(500)))
        .isEqualTo(new PolicyInput.Demand("fraction", null, 500, null, null, null, null, null));
    assertThat(
            PolicyInputs.demand(
                new GpuDemand.HamiShare(
                    1, OptionalInt.of(25), OptionalLong.empty(), OptionalInt.empty())))
        .isEqualTo(new PolicyInput.Demand("hami", 1, null, null, 25, null, null, null));
  }

  @Test
  void jsonRoundTripKeepsEveryField() throws Exception {
    PolicyInput in =
        input(
            aRequest()
                .podSets(
                    new PodSet("a", 1, new GpuDemand.MigSlices("2g.20gb", 1)),
                    new PodSet("b", 2, new GpuDemand.GpuFraction(500)))
                .maxRuntime(Duration.ofMinutes(90))
                .build());
    String json = PolicyJson.write(in);
    assertThat(json).contains("\"class\":\"training\"").contains("\"team\":\"nlp\"");
    assertThat(json).contains("\"priorityClass\":null");
    assertThat(PolicyJson.MAPPER.readValue(json, PolicyInput.class)).isEqualTo(in);
  }
}
