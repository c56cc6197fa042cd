package io.gpuarbiter.admission.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Workload kinds the corpus has no sample of, written as small manifests of their real shape. */
class KindsBeyondTheCorpusTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String GPU = "resources: {limits: {nvidia.com/gpu: 2}}";

  static Stream<Arguments> kinds() {
    return Stream.of(controllers(), distributed(), podShapes()).flatMap(s -> s);
  }

  static Stream<Arguments> controllers() {
    return Stream.of(
        Arguments.of(
            "a CronJob sizes its job template",
            """
            kind: CronJob
            spec:
              jobTemplate:
                spec:
                  parallelism: 3
                  template: {spec: {containers: [{name: c, %s}]}}
            """
                .formatted(GPU),
            "pod×3 whole(2)"),
        Arguments.of(
            "a StatefulSet counts its replicas",
            """
            kind: StatefulSet
            spec: {replicas: 4, template: {spec: {containers: [{name: c, %s}]}}}
            """
                .formatted(GPU),
            "pod×4 whole(2)"),
        Arguments.of(
            "a ReplicaSet defaults to one replica",
            """
            kind: ReplicaSet
            spec: {template: {spec: {containers: [{name: c, %s}]}}}
            """
                .formatted(GPU),
            "pod×1 whole(2)"));
  }

  static Stream<Arguments> distributed() {
    return Stream.of(
        Arguments.of(
            "an MPIJob sizes launcher and workers",
            """
            kind: MPIJob
            spec:
              mpiReplicaSpecs:
                Launcher: {replicas: 1, template: {spec: {containers: [{name: l}]}}}
                Worker: {replicas: 8, template: {spec: {containers: [{name: w, %s}]}}}
            """
                .formatted(GPU),
            "worker×8 whole(2)"),
        Arguments.of(
            "a PaddleJob sizes its roles",
            """
            kind: PaddleJob
            spec:
              paddleReplicaSpecs:
                Worker: {replicas: 2, template: {spec: {containers: [{name: w, %s}]}}}
            """
                .formatted(GPU),
            "worker×2 whole(2)"),
        Arguments.of(
            "a TrainJob counts nodes × resources per node",
            """
            kind: TrainJob
            spec: {trainer: {numNodes: 4, resourcesPerNode: {limits: {nvidia.com/gpu: 8}}}}
            """,
            "node×4 whole(8)"),
        Arguments.of(
            "a RayCluster counts head and worker groups with hosts",
            """
            kind: RayCluster
            spec:
              headGroupSpec: {template: {spec: {containers: [{name: h}]}}}
              workerGroupSpecs:
                - {groupName: gpu, replicas: 2, numOfHosts: 2,
                   template: {spec: {containers: [{name: w, %s}]}}}
            """
                .formatted(GPU),
            "gpu×4 whole(2)"),
        Arguments.of(
            "a RayService sizes its cluster config",
            """
            kind: RayService
            spec:
              rayClusterConfig:
                headGroupSpec: {template: {spec: {containers: [{name: h, %s}]}}}
            """
                .formatted(GPU),
            "head×1 whole(2)"));
  }

  static Stream<Arguments> podShapes() {
    return Stream.of(
        Arguments.of(
            "a sidecar init container adds to the pod",
            """
            kind: Pod
            spec:
              initContainers: [{name: s, restartPolicy: Always, %s}]
              containers: [{name: c, %s}]
            """
                .formatted(GPU, GPU),
            "pod×1 whole(4)"),
        Arguments.of(
            "an init container needs only the larger of itself and the pod",
            """
            kind: Pod
            spec:
              initContainers: [{name: i, resources: {limits: {nvidia.com/gpu: 3}}}]
              containers: [{name: c, %s}]
            """
                .formatted(GPU),
            "pod×1 whole(3)"),
        Arguments.of(
            "an unknown kind with a pod template is sized generically",
            """
            kind: NotebookServer
            spec: {replicas: 2, template: {spec: {containers: [{name: c, %s}]}}}
            """
                .formatted(GPU),
            "pod×2 whole(2)"),
        Arguments.of(
            "a fraction on several devices asks for each",
            """
            kind: Pod
            metadata: {annotations: {gpu-fraction: "0.25", gpu-fraction-num-devices: "2"}}
            spec: {containers: [{name: c}]}
            """,
            "pod×1 fraction(250‰); pod×1 fraction(250‰)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void sizesTheKind(String name, String manifest, String want) throws Exception {
    JsonNode object = YAML.readTree(manifest);
    DecodedWorkload d =
        new WorkloadDecoder(new ClaimTemplates())
            .decode(object.path("kind").asText(), "ns", "key", "ada", object);
    assertThat(d).isInstanceOf(DecodedWorkload.Gpu.class);
    String got =
        ((DecodedWorkload.Gpu) d)
            .request().podSets().stream()
                .map(CorpusDecodingTest::describe)
                .collect(Collectors.joining("; "));
    assertThat(got).isEqualTo(want);
  }
}
