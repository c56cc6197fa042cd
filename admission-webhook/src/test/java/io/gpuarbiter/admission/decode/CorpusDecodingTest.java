package io.gpuarbiter.admission.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.PodSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real manifest of testdata/workloads decodes to the GPU shape its INDEX.md states. The
 * expectations below are transcribed from INDEX.md by hand, not produced by the decoder.
 */
class CorpusDecodingTest {
  static final Map<String, String> WANT =
      Map.ofEntries(
          Map.entry("kueue__provisioning-sample-job.yaml", "pod×3 whole(1)"),
          Map.entry("kueue__sample-hami.yaml", "pod×1 hami(2, mem 1024MiB, cores 30%)"),
          Map.entry("kueue__sample-leaderworkerset-tas.yaml", "worker×4 whole(1)"),
          Map.entry("kueue__sample-dra-extended-resource-job.yaml", "pod×1 whole(1)"),
          Map.entry("kueue__sample-job-cpu.yaml", "none"),
          Map.entry("kueue__kueue-pod-cpu.yaml", "none"),
          Map.entry("kai__gpu-sharing-fraction.yaml", "pod×1 fraction(500‰)"),
          Map.entry("kai__gpu-sharing-memory.yaml", "pod×1 memory(2000MiB)"),
          Map.entry("kai__gpu-sharing-non-default-container.yaml", "pod×1 fraction(500‰)"),
          Map.entry("kai__gpu-sharing-with-mps.yaml", "pod×1 fraction(500‰)"),
          Map.entry("kai__quickstart-gpu-pod.yaml", "pod×1 whole(1)"),
          Map.entry("kai__batch-job.yaml", "pod×2 whole(1)"),
          Map.entry("kai__pytorch-job.yaml", "master×1 whole(1); worker×2 whole(1)"),
          Map.entry("kai__ray-job.yaml", "head×1 whole(1); gpu-workers×2 whole(1)"),
          Map.entry("kai__two-queue-oscillation-jobs.yaml", "pod×1 whole(8) | pod×1 whole(8)"),
          Map.entry("kai__train-priority-pod.yaml", "pod×1 whole(1)"),
          Map.entry("kai__dra-gpu-imex-pod.yaml", "pod×1 whole(1)"),
          Map.entry("instaslice__kueue-01-job-mig.yaml", "pod/mig-1g.5gb×1 mig(1g.5gb×1)"),
          Map.entry(
              "instaslice__kueue-02-pytorchjob-mig.yaml",
              "master/mig-1g.5gb×1 mig(1g.5gb×1); worker/mig-3g.20gb×2 mig(3g.20gb×1)"),
          Map.entry(
              "instaslice__kueue-03-rayjob-mig.yaml",
              "head/mig-1g.5gb×1 mig(1g.5gb×1); gpu-workers/mig-3g.20gb×2 mig(3g.20gb×1)"),
          Map.entry(
              "instaslice__kueue-04-jobset-mig.yaml",
              "driver/mig-1g.5gb×1 mig(1g.5gb×1); workers/mig-2g.10gb×2 mig(2g.10gb×1)"),
          Map.entry(
              "instaslice__kueue-05-leaderworkerset-mig.yaml",
              "leader/mig-1g.5gb×1 mig(1g.5gb×1); worker/mig-3g.20gb×2 mig(3g.20gb×1)"),
          Map.entry("instaslice__test-pod-mig-1g.5gb.yaml", "pod/mig-1g.5gb×1 mig(1g.5gb×1)"),
          Map.entry(
              "instaslice__vllm-deployment-mig-3g.20gb.yaml", "pod/mig-3g.20gb×1 mig(3g.20gb×1)"),
          Map.entry(
              "dra-driver__extended-resource-mig-1g-12gb.yaml", "pod/mig-1g.12gb×1 mig(1g.12gb×1)"),
          Map.entry(
              "dra-driver__gpu-test4-mig-claims.yaml",
              "pod/dra×4 mig(1g.5gb×1); pod/dra×4 mig(1g.5gb×1); pod/dra×4 mig(2g.10gb×1);"
                  + " pod/dra×4 mig(3g.20gb×1)"),
          Map.entry("dra-driver__gpu-test-mps.yaml", "pod/dra×1 dra(1)"),
          Map.entry(
              "kubeflow-training-v1__pytorch_job_mnist_nccl.yaml",
              "master×1 whole(1); worker×1 whole(1)"),
          Map.entry(
              "kubeflow-training-v1__pytorch_deepspeed_demo.yaml",
              "master×1 whole(1); worker×1 whole(1)"),
          Map.entry("kubeflow-training-v1__multi_worker_tfjob.yaml", "worker×2 whole(1)"),
          Map.entry("kserve__hf_isvc-llama2.yaml", "predictor×1 whole(1)"),
          Map.entry("kserve__llmisvc-qwen2-7b-gpu.yaml", "template×3 whole(1)"),
          Map.entry("gaie__vllm-gpu-deployment.yaml", "pod×3 whole(1)"),
          Map.entry("lws__vllm-gpu-lws.yaml", "leader×2 whole(8); worker×2 whole(8)"),
          Map.entry("volcano__mindspore-gpu-vcjob.yaml", "mpiworker×2 whole(1)"),
          Map.entry("volcano-vgpu__vgpu-case02.yaml", "pod×1 hami(1, mem 10240MiB)"),
          Map.entry("hami__use_memory_fraction.yaml", "pod×1 hami(2, mem 50%, cores 30%)"));

  static Stream<Arguments> corpus() {
    return Corpus.workloadFiles().stream().map(f -> Arguments.of(f.getFileName().toString(), f));
  }

  @Test
  void everyCorpusFileHasAnExpectation() {
    assertThat(Corpus.workloadFiles())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(WANT.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void decodesTheShapeTheIndexStates(String name, Path file) {
    assertThat(describe(file)).isEqualTo(WANT.get(name));
  }

  /** Decodes a manifest file as the webhook sees it: objects in order, claim templates first. */
  static String describe(Path file) {
    ClaimTemplates claims = new ClaimTemplates();
    WorkloadDecoder decoder = new WorkloadDecoder(claims);
    List<String> workloads = new ArrayList<>();
    for (JsonNode doc : Corpus.documents(file)) {
      String kind = doc.path("kind").asText();
      String ns = doc.path("metadata").path("namespace").asText("default");
      String name = doc.path("metadata").path("name").asText();
      if (kind.equals("ResourceClaimTemplate") || kind.equals("ResourceClaim")) {
        claims.record(kind, ns, name, doc);
        continue;
      }
      DecodedWorkload d = decoder.decode(kind, ns, kind + "/" + ns + "/" + name, "ada", doc);
      if (d instanceof DecodedWorkload.Gpu gpu) {
        workloads.add(
            gpu.request().podSets().stream()
                .map(CorpusDecodingTest::describe)
                .collect(Collectors.joining("; ")));
      } else if (d instanceof DecodedWorkload.Malformed m) {
        workloads.add("malformed: " + m.message());
      }
    }
    return workloads.isEmpty() ? "none" : String.join(" | ", workloads);
  }

  static String describe(PodSet set) {
    return set.name() + "×" + set.count() + " " + describe(set.perPod());
  }

  static String describe(GpuDemand d) {
    return switch (d) {
      case GpuDemand.WholeGpus w -> "whole(" + w.count() + ")";
      case GpuDemand.MigSlices m -> "mig(" + m.profile() + "×" + m.count() + ")";
      case GpuDemand.GpuFraction f -> "fraction(" + f.milli() + "‰)";
      case GpuDemand.GpuMemory m -> "memory(" + m.mib() + "MiB)";
      case GpuDemand.DraDevices r -> "dra(" + r.count() + ")";
      case GpuDemand.Unsized u -> "unsized(" + u.reason() + ")";
      case GpuDemand.HamiShare h ->
          "hami("
              + h.gpus()
              + (h.memoryMiB().isPresent() ? ", mem " + h.memoryMiB().getAsLong() + "MiB" : "")
              + (h.memoryPercentage().isPresent()
                  ? ", mem " + h.memoryPercentage().getAsInt() + "%"
                  : "")
              + (h.cores().isPresent() ? ", cores " + h.cores().getAsInt() + "%" : "")
              + ")";
    };
  }
}
