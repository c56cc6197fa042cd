package io.gpuarbiter.admission.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.AdmissionHandler;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-off patch adds; the MIG rewrite alone removes (the whole-GPU resource it replaces).
 * Never {@code copy} or {@code move}: zjsonpatch's defaults turned an added label whose value was
 * already in the object into a {@code copy}, and the MIG rewrite into a {@code move}.
 */
class PatchOperationsTest {
  private final AdmissionHandler handler =
      new AdmissionHandler(DemoArbiter.create(new RecordingLog()), new ClaimTemplates(), 1 << 20);

  @Test
  void anAddedValueAlreadyInTheObjectIsStillAnAdd() {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0).deepCopy();
    // "training" is also the priority class the hand-off adds as a label.
    job.with("metadata").with("labels").put("stage", "training");
    List<String> ops = ops(mutate(job, "copy-1"));
    assertThat(ops).isNotEmpty().containsOnly("add");
  }

  @Test
  void everyPatchOfTheCorpusAddsOrRemovesOnlyAWholeGpuResource() {
    int n = 0;
    for (var file : Corpus.workloadFiles()) {
      for (JsonNode doc : Corpus.documents(file)) {
        JsonNode patch = mutate(doc, "ops-" + n++);
        for (JsonNode op : patch) {
          String kind = op.path("op").asText();
          if (kind.equals("remove")) {
            assertThat(op.path("path").asText()).as("%s", file).endsWith("/nvidia.com~1gpu");
          } else {
            assertThat(kind).as("%s: %s", file, op).isEqualTo("add");
          }
        }
      }
    }
    assertThat(n).isGreaterThan(30);
  }

  @Test
  void aTemplateWithoutGpusIsNotPinnedToThePoolsNodes() {
    // Volcano's MindSpore example: an MPI master without GPUs (task 0), GPU workers (task 1).
    JsonNode job = Corpus.documents(Corpus.workload("volcano__mindspore-gpu-vcjob.yaml")).get(0);
    List<String> paths = new ArrayList<>();
    mutate(job, "gpu-less-1").forEach(op -> paths.add(op.path("path").asText()));
    assertThat(paths).contains("/spec/tasks/1/template/spec/nodeSelector");
    assertThat(paths).noneMatch(p -> p.startsWith("/spec/tasks/0/"));
  }

  private JsonNode mutate(JsonNode object, String uid) {
    var answer = handler.handle(Endpoint.MUTATE, Reviews.bytes(Reviews.create(object, uid)));
    String patch = Reviews.parse(answer.body()).path("response").path("patch").asText("");
    return patch.isEmpty()
        ? Reviews.parse("[]".getBytes())
        : Reviews.parse(Base64.getDecoder().decode(patch));
  }

  private static List<String> ops(JsonNode patch) {
    List<String> out = new ArrayList<>();
    patch.forEach(op -> out.add(op.path("op").asText()));
    return out;
  }
}
