package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Kubeflow Trainer v2 TrainJob's pods, as the trainer controller makes them: one group per
 * replicated job of its runtime's JobSet template. The trainer step (labelled {@code
 * trainer.kubeflow.org/trainjob-ancestor-step: trainer}, or named {@code node}) runs {@code
 * spec.trainer.numNodes} pods (else the runtime's {@code mlPolicy.numNodes}), and {@code
 * spec.trainer.resourcesPerNode} replaces the resources of its {@code node} container; the other
 * steps (dataset and model initializers) run their own replicas × parallelism.
 *
 * <p>A TrainJob whose runtime has not been seen is sized from {@code resourcesPerNode} alone when
 * it has one; without it, it cannot be sized and is {@link UnseenRuntime} (never "no GPUs").
 */
final class TrainJobs {
  static final String STEP_LABEL = "trainer.kubeflow.org/trainjob-ancestor-step";

  private TrainJobs() {}

  /** The TrainJob's runtime is unknown, and the TrainJob alone does not say what its pods ask. */
  static final class UnseenRuntime extends Exception {
    private static final long serialVersionUID = 1L;

    UnseenRuntime(String message) {
      super(message);
    }
  }

  static List<PodTemplate> locate(JsonNode obj, String namespace, TrainingRuntimes runtimes)
      throws MalformedWorkload, UnseenRuntime {
    JsonNode trainer = obj.path("spec").path("trainer");
    JsonNode ref = obj.path("spec").path("runtimeRef");
    String kind = ref.path("kind").asText(TrainingRuntimes.CLUSTER);
    String name = ref.path("name").asText("");
    Optional<JsonNode> runtime = runtimes.spec(kind, namespace, name);
    Optional<JsonNode> perNode =
        trainer.has("resourcesPerNode")
            ? Optional.of(
                Shapes.object(trainer.path("resourcesPerNode"), "/spec/trainer/resourcesPerNode"))
            : Optional.empty();
    JsonNode annotations = obj.path("metadata").path("annotations");
    if (runtime.isEmpty()) {
      if (perNode.isEmpty()) {
        throw new UnseenRuntime(
            "TrainJob takes its pods from "
                + kind
                + " "
                + (name.isEmpty() ? "(none named)" : name)
                + ", which GPU Arbiter has not seen, so its GPUs cannot be sized: apply the"
                + " runtime again (the webhook learns runtimes as they are created or updated)"
                + " or set spec.trainer.resourcesPerNode");
      }
      int nodes = Replicas.read(trainer, "numNodes", 1, "spec.trainer");
      return List.of(trainerOnly(nodes, perNode.get(), annotations));
    }
    JsonNode spec = runtime.get();
    int nodes =
        trainer.has("numNodes")
            ? Replicas.read(trainer, "numNodes", 1, "spec.trainer")
            : Replicas.read(spec.path("mlPolicy"), "numNodes", 1, kind + " " + name + " mlPolicy");
    List<JsonNode> steps =
        Shapes.objects(
            spec.path("template").path("spec").path("replicatedJobs"),
            "/spec/template/spec/replicatedJobs");
    List<PodTemplate> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      out.add(step(steps.get(i), i, nodes, perNode, annotations, kind + " " + name));
    }
    return out;
  }

  private static PodTemplate step(
      JsonNode rj,
      int index,
      int nodes,
      Optional<JsonNode> perNode,
      JsonNode annotations,
      String runtime)
      throws MalformedWorkload {
    String path = runtime + " spec.template.spec.replicatedJobs[" + index + "]";
    String name = rj.path("name").asText("job-" + index);
    JsonNode job = rj.path("template");
    JsonNode pod = job.path("spec").path("template");
    boolean isTrainer =
        name.equals("node")
            || "trainer".equals(job.path("metadata").path("labels").path(STEP_LABEL).asText())
            || "trainer".equals(pod.path("metadata").path("labels").path(STEP_LABEL).asText());
    int pods =
        isTrainer
            ? nodes
            : Replicas.product(
                Replicas.read(rj, "replicas", 1, path),
                Replicas.read(job.path("spec"), "parallelism", 1, path + ".template.spec"),
                path);
    List<JsonNode> containers =
        new ArrayList<>(Shapes.objects(pod.path("spec").path("containers"), "/containers"));
    if (isTrainer && perNode.isPresent()) {
      containers = withResources(containers, perNode.get());
    }
    return new PodTemplate(
        name,
        pods,
        PodTemplates.ptr("/metadata"), // the TrainJob has no pod spec of its own to patch
        Optional.empty(),
        annotations,
        containers,
        Shapes.objects(pod.path("spec").path("initContainers"), "/initContainers"));
  }

  /** The trainer's {@code node} container (else the first) with the TrainJob's resources. */
  private static List<JsonNode> withResources(List<JsonNode> containers, JsonNode resources) {
    int at = 0;
    for (int i = 0; i < containers.size(); i++) {
      if (containers.get(i).path("name").asText().equals("node")) {
        at = i;
        break;
      }
    }
    ObjectNode replaced =
        containers.isEmpty()
            ? JsonNodeFactory.instance.objectNode()
            : containers.get(at).deepCopy();
    replaced.set("resources", resources);
    List<JsonNode> out = new ArrayList<>(containers);
    if (out.isEmpty()) {
      out.add(replaced);
    } else {
      out.set(at, replaced);
    }
    return out;
  }

  private static PodTemplate trainerOnly(int nodes, JsonNode resources, JsonNode annotations) {
    return new PodTemplate(
        "node",
        nodes,
        PodTemplates.ptr("/metadata"),
        Optional.empty(),
        annotations,
        withResources(List.of(), resources),
        List.of());
  }
}
