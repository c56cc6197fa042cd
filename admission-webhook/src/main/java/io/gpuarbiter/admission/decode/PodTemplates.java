package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the pod groups of a workload object by kind: where each pod template is and how many pods
 * of it run at once. Kinds it does not know are searched for a {@code spec.template} pod template.
 */
public final class PodTemplates {
  private static final List<String> KUBEFLOW_REPLICA_SPECS =
      List.of(
          "pytorchReplicaSpecs",
          "tfReplicaSpecs",
          "mpiReplicaSpecs",
          "paddleReplicaSpecs",
          "xgbReplicaSpecs",
          "jaxReplicaSpecs");

  /** The kinds with a rule of their own in {@link #locate}. */
  private static final Set<String> DECODED =
      Set.of(
          "Pod",
          "Deployment",
          "StatefulSet",
          "ReplicaSet",
          "ReplicationController",
          "Job",
          "CronJob",
          "JobSet",
          "RayJob",
          "RayCluster",
          "RayService",
          "LeaderWorkerSet",
          "InferenceService",
          "LLMInferenceService",
          "TrainJob",
          "NIMService");

  /** Kubeflow training-operator kinds, found by their replica specs. */
  private static final Set<String> KUBEFLOW_KINDS =
      Set.of("PyTorchJob", "TFJob", "MPIJob", "PaddleJob", "XGBoostJob", "JAXJob");

  private PodTemplates() {}

  public static List<PodTemplate> locate(String kind, JsonNode obj) throws MalformedWorkload {
    List<PodTemplate> out = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    switch (kind) {
      case "Pod" -> out.add(pod("pod", 1, ptr(""), obj));
      case "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController" ->
          out.add(
              template("pod", Replicas.read(spec, "replicas", 1, "spec"), "/spec/template", obj));
      case "Job" -> job(obj, out);
      case "CronJob" -> {
        JsonNode jobSpec = spec.path("jobTemplate").path("spec");
        int pods = Replicas.read(jobSpec, "parallelism", 1, "spec.jobTemplate.spec");
        out.add(template("pod", pods, "/spec/jobTemplate/spec/template", obj));
      }
      case "JobSet" -> jobSet(obj, out);
      case "RayJob" -> ray(obj, "/spec/rayClusterSpec", out);
      case "RayCluster" -> ray(obj, "/spec", out);
      case "RayService" -> ray(obj, "/spec/rayClusterConfig", out);
      case "LeaderWorkerSet" -> leaderWorkerSet(obj, out);
      case "InferenceService" -> ServingTemplates.inferenceService(obj, out);
      case "LLMInferenceService" -> ServingTemplates.llmInferenceService(obj, out);
      case "TrainJob" ->
          throw new IllegalArgumentException("a TrainJob is sized from its runtime: TrainJobs");
      case "NIMService" -> ServingTemplates.nimService(obj, out);
      default -> {
        if (!kubeflow(obj, out)) {
          generic(obj, out);
        }
      }
    }
    return out;
  }

  private static void job(JsonNode obj, List<PodTemplate> out) throws MalformedWorkload {
    JsonNode spec = obj.path("spec");
    if (spec.has("tasks")) { // Volcano batch.volcano.sh Job
      List<JsonNode> tasks = Shapes.objects(spec.path("tasks"), "/spec/tasks");
      for (int i = 0; i < tasks.size(); i++) {
        String path = "spec.tasks[" + i + "]";
        int pods = Replicas.read(tasks.get(i), "replicas", 1, path);
        String name = tasks.get(i).path("name").asText("task-" + i);
        out.add(template(name, pods, "/spec/tasks/" + i + "/template", obj));
      }
      return;
    }
    int parallelism = Replicas.read(spec, "parallelism", 1, "spec");
    int completions = Replicas.read(spec, "completions", parallelism, "spec");
    out.add(template("pod", Math.min(parallelism, completions), "/spec/template", obj));
  }

  private static void jobSet(JsonNode obj, List<PodTemplate> out) throws MalformedWorkload {
    List<JsonNode> jobs =
        Shapes.objects(obj.path("spec").path("replicatedJobs"), "/spec/replicatedJobs");
    for (int i = 0; i < jobs.size(); i++) {
      String path = "spec.replicatedJobs[" + i + "]";
      JsonNode rj = jobs.get(i);
      int copies = Replicas.read(rj, "replicas", 1, path);
      JsonNode jobSpec = rj.path("template").path("spec");
      int parallelism = Replicas.read(jobSpec, "parallelism", 1, path + ".template.spec");
      String base = "/spec/replicatedJobs/" + i + "/template/spec/template";
      out.add(
          template(
              rj.path("name").asText("job-" + i),
              Replicas.product(copies, parallelism, path),
              base,
              obj));
    }
  }

  private static boolean kubeflow(JsonNode obj, List<PodTemplate> out) throws MalformedWorkload {
    for (String key : KUBEFLOW_REPLICA_SPECS) {
      JsonNode roles = obj.path("spec").path(key);
      if (!roles.isObject()) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = roles.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> role = it.next();
        String path = "spec." + key + "." + role.getKey();
        int pods = Replicas.read(role.getValue(), "replicas", 1, path);
        String at = "/spec/" + key + "/" + escape(role.getKey()) + "/template";
        out.add(template(role.getKey().toLowerCase(java.util.Locale.ROOT), pods, at, obj));
      }
      return true;
    }
    return false;
  }

  private static void ray(JsonNode obj, String cluster, List<PodTemplate> out)
      throws MalformedWorkload {
    JsonNode spec = obj.at(cluster);
    if (spec.has("headGroupSpec")) {
      out.add(template("head", 1, cluster + "/headGroupSpec/template", obj));
    }
    List<JsonNode> workers =
        Shapes.objects(spec.path("workerGroupSpecs"), cluster + "/workerGroupSpecs");
    for (int i = 0; i < workers.size(); i++) {
      JsonNode group = workers.get(i);
      String path = cluster.substring(1).replace('/', '.') + ".workerGroupSpecs[" + i + "]";
      int min = Replicas.read(group, "minReplicas", 1, path);
      int replicas = Replicas.read(group, "replicas", min, path);
      int hosts = Replicas.read(group, "numOfHosts", 1, path);
      String name = group.path("groupName").asText("worker-" + i);
      out.add(
          template(
              name,
              Replicas.product(replicas, hosts, path),
              cluster + "/workerGroupSpecs/" + i + "/template",
              obj));
    }
  }

  private static void leaderWorkerSet(JsonNode obj, List<PodTemplate> out)
      throws MalformedWorkload {
    JsonNode spec = obj.path("spec");
    int groups = Replicas.read(spec, "replicas", 1, "spec");
    JsonNode lwt = spec.path("leaderWorkerTemplate");
    int size = Math.max(1, Replicas.read(lwt, "size", 1, "spec.leaderWorkerTemplate"));
    String base = "/spec/leaderWorkerTemplate";
    if (lwt.has("leaderTemplate")) {
      out.add(template("leader", groups, base + "/leaderTemplate", obj));
      out.add(
          template(
              "worker", Replicas.product(groups, size - 1, "spec"), base + "/workerTemplate", obj));
    } else {
      out.add(
          template(
              "worker", Replicas.product(groups, size, "spec"), base + "/workerTemplate", obj));
    }
  }

  /** Whether {@link #locate} has a rule of its own for the kind (else the generic shapes). */
  public static boolean decodes(String kind) {
    return DECODED.contains(kind) || KUBEFLOW_KINDS.contains(kind);
  }

  private static void generic(JsonNode obj, List<PodTemplate> out) throws MalformedWorkload {
    JsonNode spec = obj.path("spec");
    if (spec.path("template").path("spec").path("containers").isArray()) {
      out.add(template("pod", Replicas.read(spec, "replicas", 1, "spec"), "/spec/template", obj));
    }
  }

  private static PodTemplate template(String name, int replicas, String at, JsonNode obj)
      throws MalformedWorkload {
    return pod(name, replicas, ptr(at), resolve(obj, ptr(at)));
  }

  /**
   * The node at {@code at}, checking that everything on the way is an object (or an array indexed
   * by the pointer): a template the patch cannot reach is malformed, not a crash.
   */
  private static JsonNode resolve(JsonNode root, JsonPointer at) throws MalformedWorkload {
    JsonNode current = root;
    StringBuilder path = new StringBuilder();
    for (JsonPointer p = at; !p.matches(); p = p.tail()) {
      if (current.isMissingNode()) {
        return current;
      }
      if (!current.isContainerNode() || (current.isArray() && p.getMatchingIndex() < 0)) {
        throw new MalformedWorkload(
            (path.isEmpty() ? "the object" : path.substring(1)) + ": expected an object");
      }
      path.append('.').append(p.getMatchingProperty());
      current =
          current.isArray()
              ? current.path(p.getMatchingIndex())
              : current.path(p.getMatchingProperty());
    }
    return current;
  }

  private static PodTemplate pod(String name, int replicas, JsonPointer at, JsonNode podLike)
      throws MalformedWorkload {
    String where = at.toString().isEmpty() ? "" : at + "/";
    Shapes.object(podLike, at.toString());
    JsonNode meta = Shapes.object(podLike.path("metadata"), where + "metadata");
    Shapes.object(meta.path("labels"), where + "metadata/labels");
    JsonNode spec = podSpec(podLike.path("spec"), where + "spec");
    return new PodTemplate(
        name,
        replicas,
        at.append(ptr("/metadata")),
        // A template that is not there has no pods to place: nothing to patch in it.
        podLike.isMissingNode() ? Optional.empty() : Optional.of(at.append(ptr("/spec"))),
        Shapes.object(meta.path("annotations"), where + "metadata/annotations"),
        list(spec.path("containers"), where + "spec/containers"),
        list(spec.path("initContainers"), where + "spec/initContainers"));
  }

  /** The pod spec fields the hand-off patches must have their Kubernetes types. */
  static JsonNode podSpec(JsonNode spec, String path) throws MalformedWorkload {
    JsonNode checked = Shapes.object(spec, path);
    Shapes.object(checked.path("nodeSelector"), path + "/nodeSelector");
    Shapes.objects(checked.path("tolerations"), path + "/tolerations");
    if (checked.has("schedulerName") && !checked.path("schedulerName").isTextual()) {
      throw new MalformedWorkload(path.replace('/', '.') + ".schedulerName: expected a string");
    }
    return checked;
  }

  static List<JsonNode> list(JsonNode array, String path) throws MalformedWorkload {
    return Shapes.objects(array, path);
  }

  static JsonPointer ptr(String at) {
    return JsonPointer.compile(at);
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
