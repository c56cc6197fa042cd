package io.gpuarbiter.admission.decode;

import static io.gpuarbiter.admission.decode.PodTemplates.list;
import static io.gpuarbiter.admission.decode.PodTemplates.podSpec;
import static io.gpuarbiter.admission.decode.PodTemplates.ptr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the serving kinds keep their pods: KServe InferenceService and LLMInferenceService, NVIDIA
 * NIMService. (Apart from {@link PodTemplates} for size: their shapes are the most involved.)
 */
final class ServingTemplates {
  /** KServe predictor keys that are containers (model servers) inside the predictor spec. */
  static final List<String> KSERVE_CONTAINERS =
      List.of(
          "model",
          "sklearn",
          "xgboost",
          "tensorflow",
          "pytorch",
          "triton",
          "onnx",
          "huggingface",
          "lightgbm",
          "paddle",
          "pmml");

  static void inferenceService(JsonNode obj, List<PodTemplate> out) throws MalformedWorkload {
    for (String component : List.of("predictor", "transformer", "explainer")) {
      JsonNode c = obj.path("spec").path(component);
      if (!c.isObject()) {
        continue;
      }
      int pods = Replicas.read(c, "minReplicas", 1, "spec." + component);
      podSpec(c, "/spec/" + component);
      List<JsonNode> containers =
          new ArrayList<>(list(c.path("containers"), "/spec/" + component + "/containers"));
      KSERVE_CONTAINERS.stream().map(c::path).filter(JsonNode::isObject).forEach(containers::add);
      out.add(
          new PodTemplate(
              component,
              pods,
              ptr("/metadata"),
              Optional.of(ptr("/spec/" + component)),
              obj.path("metadata").path("annotations"),
              containers,
              list(c.path("initContainers"), "/spec/" + component + "/initContainers")));
    }
  }

  /**
   * KServe LLMInferenceService: the decode part ({@code spec}) and, if present, the prefill part
   * ({@code spec.prefill}) each run {@code replicas} groups. Without a {@code worker} template a
   * group is one {@code template} pod; with one it is a leader-worker set of {@code data /
   * dataLocal} pods (data parallelism across nodes) or else {@code pipeline} pods: the leader from
   * {@code template}, the rest from {@code worker}.
   */
  static void llmInferenceService(JsonNode obj, List<PodTemplate> out) throws MalformedWorkload {
    llmPart(obj, obj.path("spec"), "/spec", "", out);
    if (obj.path("spec").path("prefill").isObject()) {
      llmPart(obj, obj.path("spec").path("prefill"), "/spec/prefill", "prefill-", out);
    }
  }

  private static void llmPart(
      JsonNode obj, JsonNode part, String at, String prefix, List<PodTemplate> out)
      throws MalformedWorkload {
    String path = at.substring(1).replace('/', '.');
    int replicas = Replicas.read(part, "replicas", 1, path);
    boolean workers = part.path("worker").isObject();
    int size = workers ? groupSize(part.path("parallelism"), path + ".parallelism") : 1;
    addLlmTemplate(obj, part, at, prefix + "template", "template", replicas, out);
    if (workers) {
      int each = Replicas.product(replicas, size - 1, path);
      addLlmTemplate(obj, part, at, prefix + "worker", "worker", each, out);
    }
  }

  private static int groupSize(JsonNode parallelism, String path) throws MalformedWorkload {
    if (parallelism.has("data")) {
      int data = Replicas.read(parallelism, "data", 1, path);
      int local = Math.max(1, Replicas.read(parallelism, "dataLocal", 1, path));
      return Math.max(1, (data + local - 1) / local);
    }
    return Math.max(1, Replicas.read(parallelism, "pipeline", 1, path));
  }

  private static void addLlmTemplate(
      JsonNode obj,
      JsonNode part,
      String at,
      String name,
      String field,
      int pods,
      List<PodTemplate> out)
      throws MalformedWorkload {
    JsonNode pod = podSpec(part.path(field), at + "/" + field);
    if (pod.isObject()) {
      out.add(
          new PodTemplate(
              name,
              pods,
              ptr("/metadata"),
              Optional.of(ptr(at + "/" + field)),
              obj.path("metadata").path("annotations"),
              list(pod.path("containers"), at + "/" + field + "/containers"),
              list(pod.path("initContainers"), at + "/" + field + "/initContainers")));
    }
  }

  /**
   * NVIDIA NIM (apps.nvidia.com): every pod asks {@code spec.resources}; there are {@code
   * spec.replicas} of them, each a group of {@code spec.multiNode.parallelism.pipeline} pods when
   * the service is multi-node (a LeaderWorkerSet per replica). Node selector and tolerations are
   * fields of the spec itself, which the hand-off patches.
   */
  static void nimService(JsonNode obj, List<PodTemplate> out) throws MalformedWorkload {
    JsonNode spec = podSpec(obj.path("spec"), "/spec");
    int replicas = Replicas.read(spec, "replicas", 1, "spec");
    JsonNode multiNode = spec.path("multiNode");
    int perReplica =
        multiNode.isObject()
            ? Math.max(
                1,
                Replicas.read(
                    multiNode.path("parallelism"), "pipeline", 1, "spec.multiNode.parallelism"))
            : 1;
    ObjectNode synthetic = JsonNodeFactory.instance.objectNode();
    synthetic.put("image", image(spec.path("image")));
    synthetic.set("resources", Shapes.object(spec.path("resources"), "/spec/resources"));
    out.add(
        new PodTemplate(
            multiNode.isObject() ? "group" : "pod",
            Replicas.product(replicas, perReplica, "spec"),
            ptr("/metadata"),
            Optional.of(ptr("/spec")),
            obj.path("metadata").path("annotations"),
            List.of(synthetic),
            List.of()));
  }

  /** A NIM image is {@code {repository, tag}}; the policies see it as {@code repository:tag}. */
  private static String image(JsonNode image) {
    String repository = image.path("repository").asText("");
    String tag = image.path("tag").asText("");
    return tag.isEmpty() ? repository : repository + ":" + tag;
  }

  private ServingTemplates() {}
}
