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
    return Stream.of(controllers(), distributed(), podShapes(), nim(), llm()).flatMap(s -> s);
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

  /** NVIDIA NIM (apps.nvidia.com/v1alpha1), shapes from the operator's CRD (v3.1.2). */
  static Stream<Arguments> nim() {
    return Stream.of(
        Arguments.of(
            "a NIMService asks its resources per replica",
            """
            apiVersion: apps.nvidia.com/v1alpha1
            kind: NIMService
            spec:
              image: {repository: nvcr.io/nim/meta/llama-3.1-8b-instruct, tag: "1.3.3"}
              replicas: 3
              %s
            """
                .formatted(GPU),
            "pod×3 whole(2)"),
        Arguments.of(
            "a multi-node NIMService is a group of pipeline-parallel pods per replica",
            """
            apiVersion: apps.nvidia.com/v1alpha1
            kind: NIMService
            spec:
              image: {repository: nvcr.io/nim/meta/llama-3.1-405b-instruct, tag: "1.3.3"}
              replicas: 2
              multiNode: {backendType: lws, parallelism: {pipeline: 2, tensor: 8}}
              resources: {limits: {nvidia.com/gpu: 8}}
            """,
            "group×4 whole(8)"),
        Arguments.of(
            "a NIMService without replicas runs one",
            """
            apiVersion: apps.nvidia.com/v1alpha1
            kind: NIMService
            spec: {image: {repository: nvcr.io/nim/x, tag: "1"}, %s}
            """
                .formatted(GPU),
            "pod×1 whole(2)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undecodable")
  void aKindNoDecoderKnowsThatAsksForGpusIsUndecodable(String manifest, String verdict)
      throws Exception {
    JsonNode object = YAML.readTree(manifest);
    DecodedWorkload d =
        new WorkloadDecoder(new ClaimTemplates())
            .decode(object.path("kind").asText(), "ns", "key", "ada", object);
    if (verdict.equals("not-gpu")) {
      assertThat(d).isInstanceOf(DecodedWorkload.NotGpu.class);
    } else {
      assertThat(d).isInstanceOf(DecodedWorkload.Undecodable.class);
      assertThat(((DecodedWorkload.Undecodable) d).message())
          .contains("kind " + object.path("kind").asText(), verdict, "no decoder");
    }
  }

  static Stream<Arguments> undecodable() {
    return Stream.of(
        Arguments.of(
            "kind: ModelServer\nspec: {accelerators: {limits: {nvidia.com/gpu: 4}}}",
            "/spec/accelerators/limits/nvidia.com~1gpu"),
        Arguments.of(
            "kind: Trainer\nspec: {workers: [{size: {amd.com/gpu: 1}}]}",
            "/spec/workers/0/size/amd.com~1gpu"),
        Arguments.of(
            "kind: Notebook\nspec: {profile: {nvidia.com/mig-1g.10gb: 1}}",
            "/spec/profile/nvidia.com~1mig-1g.10gb"),
        Arguments.of("kind: ConfigThing\nspec: {note: nvidia.com/gpu}", "not-gpu"),
        Arguments.of("kind: Widget\nspec: {replicas: 3}", "not-gpu"));
  }

  /** KServe LLMInferenceService (v1alpha1), shapes from its CRD: parallelism and prefill. */
  static Stream<Arguments> llm() {
    return Stream.of(
        Arguments.of(
            "an LLMInferenceService without workers runs one pod per replica",
            """
            kind: LLMInferenceService
            spec:
              replicas: 3
              template: {containers: [{name: main, %s}]}
            """
                .formatted(GPU),
            "template×3 whole(2)"),
        Arguments.of(
            "data parallelism across nodes sizes the leader-worker group (data / dataLocal)",
            """
            kind: LLMInferenceService
            spec:
              replicas: 2
              parallelism: {data: 8, dataLocal: 2, tensor: 2}
              template: {containers: [{name: main, %s}]}
              worker: {containers: [{name: main, %s}]}
            """
                .formatted(GPU, GPU),
            "template×2 whole(2); worker×6 whole(2)"),
        Arguments.of(
            "pipeline parallelism sizes the group when there is no data parallelism",
            """
            kind: LLMInferenceService
            spec:
              parallelism: {pipeline: 4}
              template: {containers: [{name: main, %s}]}
              worker: {containers: [{name: main, %s}]}
            """
                .formatted(GPU, GPU),
            "template×1 whole(2); worker×3 whole(2)"),
        Arguments.of(
            "the prefill part is sized like the decode part",
            """
            kind: LLMInferenceService
            spec:
              replicas: 1
              template: {containers: [{name: main, %s}]}
              prefill:
                replicas: 2
                parallelism: {pipeline: 2}
                template: {containers: [{name: main, %s}]}
                worker: {containers: [{name: main, %s}]}
            """
                .formatted(GPU, GPU, GPU),
            "template×1 whole(2); prefill-template×2 whole(2); prefill-worker×2 whole(2)"));
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
