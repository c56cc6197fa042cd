package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.ModelHint;
import io.gpuarbiter.arbitration.request.PodSet;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a Kubernetes workload object into the engine's {@link GpuRequest}: pod sets with per-pod
 * GPU demand, identity (namespace, requester), class label, runtime, checkpointing, priority and
 * model-size hints. The team is left to the engine, which owns the namespace → team mapping.
 */
public final class WorkloadDecoder {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h|d)");
  private static final Pattern USER_ID = Pattern.compile("[a-z0-9]([a-z0-9._@-]{0,251}[a-z0-9])?");

  private final ClaimTemplates claims;
  private final TrainingRuntimes runtimes;

  public WorkloadDecoder(ClaimTemplates claims) {
    this(claims, new TrainingRuntimes());
  }

  /**
   * @param runtimes the Trainer runtimes seen so far, which size the TrainJobs that name them
   */
  public WorkloadDecoder(ClaimTemplates claims, TrainingRuntimes runtimes) {
    this.claims = claims;
    this.runtimes = runtimes;
  }

  /**
   * @param key the allocation key: stable across CREATE, UPDATE and DELETE of the same object
   * @param username {@code userInfo.username} of the review; empty if absent
   */
  public DecodedWorkload decode(
      String kind, String namespace, String key, String username, JsonNode object) {
    try {
      List<PodTemplate> templates =
          kind.equals("TrainJob")
              ? TrainJobs.locate(object, namespace, runtimes)
              : PodTemplates.locate(kind, object);
      List<PodSet> podSets = new ArrayList<>();
      List<PodTemplate> withGpus = new ArrayList<>();
      for (PodTemplate t : templates) {
        JsonNode spec = t.spec().map(object::at).orElse(object.path("__none__"));
        List<PodSet> sets = PodDemands.of(t, spec, namespace, claims);
        podSets.addAll(sets);
        if (!sets.isEmpty()) {
          withGpus.add(t);
        }
      }
      if (podSets.isEmpty()) {
        Optional<String> gpu =
            PodTemplates.decodes(kind) ? Optional.empty() : GpuResourceNames.firstIn(object);
        return gpu.isPresent()
            ? new DecodedWorkload.Undecodable(
                "kind "
                    + kind
                    + " asks for GPUs ("
                    + gpu.get()
                    + ") but GPU Arbiter has no decoder for it, so it cannot be sized or"
                    + " charged: add one (admission-webhook, decode/PodTemplates) or create the"
                    + " pods through a kind it decodes")
            : new DecodedWorkload.NotGpu();
      }
      return new DecodedWorkload.Gpu(
          request(kind, namespace, key, username, object, templates, podSets), templates, withGpus);
    } catch (MalformedWorkload e) {
      return new DecodedWorkload.Malformed(e.getMessage());
    } catch (TrainJobs.UnseenRuntime e) {
      return new DecodedWorkload.Undecodable(e.getMessage());
    }
  }

  private GpuRequest request(
      String kind,
      String namespace,
      String key,
      String username,
      JsonNode object,
      List<PodTemplate> templates,
      List<PodSet> podSets)
      throws MalformedWorkload {
    JsonNode meta = Shapes.object(object.path("metadata"), "metadata");
    Map<String, String> labels = strings(meta.path("labels"), "metadata.labels");
    Map<String, String> annotations = strings(meta.path("annotations"), "metadata.annotations");
    String name = meta.path("name").asText(meta.path("generateName").asText(""));
    return GpuRequest.builder()
        .workload(new WorkloadRef(kind, namespace, name, key))
        .requester(requester(username))
        .explicitClass(explicitClass(labels))
        .labels(labels)
        .annotations(annotations)
        .podSets(podSets)
        .gangSize(
            (int)
                Math.min(
                    Integer.MAX_VALUE, templates.stream().mapToLong(PodTemplate::replicas).sum()))
        .maxRuntime(maxRuntime(annotations, object))
        .checkpointing(checkpointing(annotations))
        .priorityClass(priorityClass(labels, templates, object))
        .preemptible(preemptible(labels, annotations))
        .completions(completions(kind, object))
        .modelHint(ModelHint.fromAnnotations(annotations))
        .build();
  }

  private static Optional<UserId> requester(String username) {
    // Kubernetes users like "system:serviceaccount:ns:sa" are automation, not approvable people.
    return USER_ID.matcher(username).matches()
        ? Optional.of(new UserId(username))
        : Optional.empty();
  }

  private static Optional<WorkloadClass> explicitClass(Map<String, String> labels)
      throws MalformedWorkload {
    String value = labels.get(WorkloadKeys.CLASS);
    if (value == null) {
      return Optional.empty();
    }
    Optional<WorkloadClass> c = WorkloadClass.fromLabel(value);
    if (c.isEmpty()) {
      throw new MalformedWorkload(
          "label "
              + WorkloadKeys.CLASS
              + ": unknown class \""
              + value
              + "\" (expected one of "
              + Arrays.stream(WorkloadClass.values())
                  .map(WorkloadClass::label)
                  .collect(Collectors.joining(", "))
              + ")");
    }
    return c;
  }

  private static Optional<Duration> maxRuntime(Map<String, String> annotations, JsonNode object)
      throws MalformedWorkload {
    String text = annotations.get(WorkloadKeys.MAX_RUNTIME);
    if (text != null) {
      Matcher m = DURATION.matcher(text.trim());
      if (!m.matches()) {
        throw new MalformedWorkload(
            "annotation "
                + WorkloadKeys.MAX_RUNTIME
                + ": expected a duration like 90m, 8h or 2d, got \""
                + text
                + "\"");
      }
      long n = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
    }
    JsonNode deadline = object.path("spec").path("activeDeadlineSeconds");
    return deadline.isIntegralNumber() && deadline.asLong() > 0
        ? Optional.of(Duration.ofSeconds(deadline.asLong()))
        : Optional.empty();
  }

  private static boolean checkpointing(Map<String, String> annotations) {
    String v = annotations.getOrDefault(WorkloadKeys.CHECKPOINTING, "").trim();
    return !v.isEmpty() && !v.equalsIgnoreCase("false");
  }

  private static Optional<String> priorityClass(
      Map<String, String> labels, List<PodTemplate> templates, JsonNode object) {
    if (labels.containsKey(WorkloadKeys.KUEUE_PRIORITY)) {
      return Optional.of(labels.get(WorkloadKeys.KUEUE_PRIORITY));
    }
    if (labels.containsKey("priorityClassName")) {
      return Optional.of(labels.get("priorityClassName")); // KAI's label
    }
    return templates.stream()
        .flatMap(t -> t.spec().stream())
        .map(p -> object.at(p).path("priorityClassName"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .findFirst();
  }

  private static boolean preemptible(Map<String, String> labels, Map<String, String> annotations) {
    return "preemptible".equals(labels.get(WorkloadKeys.KAI_PREEMPTIBILITY))
        || "true".equalsIgnoreCase(annotations.get(WorkloadKeys.PREEMPTIBLE));
  }

  private static OptionalInt completions(String kind, JsonNode object) {
    JsonNode c = object.path("spec").path("completions");
    return kind.equals("Job") && c.isIntegralNumber()
        ? OptionalInt.of(c.asInt())
        : OptionalInt.empty();
  }

  /** Labels and annotations: a map of strings, as Kubernetes requires. */
  private static Map<String, String> strings(JsonNode map, String path) throws MalformedWorkload {
    Map<String, String> out = new LinkedHashMap<>();
    var fields = Shapes.object(map, path).fields();
    while (fields.hasNext()) {
      var e = fields.next();
      if (!e.getValue().isTextual()) {
        throw new MalformedWorkload(path + "." + e.getKey() + ": expected a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
