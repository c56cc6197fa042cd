package io.gpuarbiter.admission.mutate;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.DiffFlags;
import com.flipkart.zjsonpatch.JsonDiff;
import io.gpuarbiter.admission.decode.PodTemplate;
import io.gpuarbiter.arbitration.decision.Placement;
import io.gpuarbiter.arbitration.decision.SchedulerHandOff;
import io.gpuarbiter.arbitration.decision.Toleration;
import io.gpuarbiter.arbitration.model.SharingMode;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The JSONPatch (RFC 6902) that hands an admitted placement to the pool's scheduler. It only
 * <em>adds</em> what GPU Arbiter owns and is missing — queue and priority labels, the approval
 * gate, KAI scheduler name and sharing annotations, the pool's node selector and tolerations — and
 * never overwrites a value the user set. Applying it and patching again yields nothing, which makes
 * the mutation idempotent.
 */
public final class HandOffPatch {
  public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";
  public static final String KUEUE_PRIORITY = "kueue.x-k8s.io/priority-class";
  public static final String KUEUE_GATE = "kueue.x-k8s.io/admission-gated-by";
  public static final String APPROVAL_GATE = "gpu-arbiter.io/approval";
  public static final String KAI_QUEUE = "kai.scheduler/queue";
  public static final String KAI_PREEMPTIBILITY = "kai.scheduler/preemptibility";
  public static final String KAI_SCHEDULER = "kai-scheduler";
  private static final String WHOLE_GPU = "nvidia.com/gpu";

  private HandOffPatch() {}

  /**
   * @param templates every pod template (KAI schedules the whole gang)
   * @param gpuTemplates the templates that ask for GPUs: only they get the pool's node selector,
   *     tolerations and MIG rewrite
   * @param gateForApproval the workload waits for an approval: Kueue holds it behind the gate
   */
  public static ArrayNode of(
      JsonNode object,
      List<PodTemplate> templates,
      List<PodTemplate> gpuTemplates,
      Placement placement,
      boolean gateForApproval) {
    ObjectNode mutated = object.deepCopy();
    switch (placement.scheduler()) {
      case SchedulerHandOff.Kueue k -> {
        addIfAbsent(meta(mutated, "/metadata", "labels"), KUEUE_QUEUE, k.localQueue());
        addIfAbsent(meta(mutated, "/metadata", "labels"), KUEUE_PRIORITY, k.priorityClass());
        if (gateForApproval) {
          addIfAbsent(meta(mutated, "/metadata", "annotations"), KUEUE_GATE, APPROVAL_GATE);
        }
      }
      case SchedulerHandOff.Kai kai -> kai(mutated, templates, kai);
      case SchedulerHandOff.Plain plain -> {
        // kube-scheduler needs nothing beyond the node selector and tolerations below
      }
    }
    for (PodTemplate t : gpuTemplates) {
      t.spec().ifPresent(spec -> nodePlacement(mutated, spec, placement));
    }
    if (placement.sharing() == SharingMode.MIG && placement.migProfile().isPresent()) {
      // The engine places a whole-GPU ask on a MIG slice only where the pool allows the rewrite.
      for (PodTemplate t : gpuTemplates) {
        t.spec().ifPresent(spec -> rewriteToMig(mutated, spec, placement.migProfile().get()));
      }
    }
    // Adds only (and the remove of the MIG rewrite): never copy or move, which zjsonpatch emits by
    // default when an added value equals one already in the object.
    return (ArrayNode)
        JsonDiff.asJson(
            object,
            mutated,
            EnumSet.of(
                DiffFlags.OMIT_VALUE_ON_REMOVE,
                DiffFlags.OMIT_COPY_OPERATION,
                DiffFlags.OMIT_MOVE_OPERATION));
  }

  private static void kai(ObjectNode root, List<PodTemplate> templates, SchedulerHandOff.Kai kai) {
    addIfAbsent(meta(root, "/metadata", "labels"), KAI_QUEUE, kai.queue());
    for (PodTemplate t : templates) {
      if (t.spec().isEmpty()) {
        continue;
      }
      ObjectNode spec = objectAt(root, t.spec().get());
      if (!spec.has("schedulerName")) {
        spec.put("schedulerName", KAI_SCHEDULER);
      }
      String metaPath = t.metadata().toString();
      ObjectNode labels = meta(root, metaPath, "labels");
      addIfAbsent(labels, KAI_QUEUE, kai.queue());
      addIfAbsent(labels, KAI_PREEMPTIBILITY, kai.preemptibility());
      addIfAbsent(labels, "priorityClassName", kai.priorityClass());
      ObjectNode annotations = meta(root, metaPath, "annotations");
      kai.gpuFraction().ifPresent(f -> addIfAbsent(annotations, "gpu-fraction", f));
      kai.gpuMemoryMiB().ifPresent(m -> addIfAbsent(annotations, "gpu-memory", Long.toString(m)));
    }
  }

  private static void nodePlacement(ObjectNode root, JsonPointer specAt, Placement placement) {
    ObjectNode spec = objectAt(root, specAt);
    if (!placement.nodeSelector().isEmpty()) {
      ObjectNode selector = child(spec, "nodeSelector");
      for (Map.Entry<String, String> e : placement.nodeSelector().entrySet()) {
        addIfAbsent(selector, e.getKey(), e.getValue());
      }
    }
    if (!placement.tolerations().isEmpty()) {
      ArrayNode tolerations =
          spec.has("tolerations") && spec.get("tolerations").isArray()
              ? (ArrayNode) spec.get("tolerations")
              : spec.putArray("tolerations");
      for (Toleration t : placement.tolerations()) {
        if (!tolerates(tolerations, t)) {
          ObjectNode added = tolerations.addObject();
          added.put("key", t.key());
          added.put("operator", t.value().isEmpty() ? "Exists" : "Equal");
          if (!t.value().isEmpty()) {
            added.put("value", t.value());
          }
          added.put("effect", t.effect());
        }
      }
    }
  }

  /** Replaces each container's {@code nvidia.com/gpu} with the MIG resource of the profile. */
  private static void rewriteToMig(ObjectNode root, JsonPointer specAt, String profile) {
    JsonNode containers = objectAt(root, specAt).path("containers");
    for (JsonNode c : containers) {
      for (String kind : List.of("limits", "requests")) {
        JsonNode map = c.path("resources").path(kind);
        if (map instanceof ObjectNode resources && resources.has(WHOLE_GPU)) {
          JsonNode count = resources.remove(WHOLE_GPU);
          resources.set("nvidia.com/mig-" + profile, count);
        }
      }
    }
  }

  /** A toleration already present for the key and effect counts as the user's own choice. */
  private static boolean tolerates(ArrayNode tolerations, Toleration t) {
    for (JsonNode existing : tolerations) {
      boolean sameKey = existing.path("key").asText("").equals(t.key());
      String effect = existing.path("effect").asText("");
      if (sameKey && (effect.isEmpty() || effect.equals(t.effect()))) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode meta(ObjectNode root, String metadataPath, String field) {
    ObjectNode metadata = objectAt(root, JsonPointer.compile(metadataPath));
    return child(metadata, field);
  }

  /**
   * The object at {@code at}, created when absent. Arrays on the way are indexed, never replaced;
   * the decoder has already refused objects whose pod templates are not objects.
   */
  private static ObjectNode objectAt(ObjectNode root, JsonPointer at) {
    JsonNode current = root;
    for (JsonPointer p = at; !p.matches(); p = p.tail()) {
      if (current instanceof ArrayNode array) {
        current = array.get(p.getMatchingIndex());
      } else if (current instanceof ObjectNode parent) {
        JsonNode next = parent.get(p.getMatchingProperty());
        current =
            next != null && next.isContainerNode()
                ? next
                : parent.putObject(p.getMatchingProperty());
      }
      if (current == null || !current.isContainerNode()) {
        throw new IllegalArgumentException("no object at " + at);
      }
    }
    return (ObjectNode) current;
  }

  private static ObjectNode child(ObjectNode parent, String field) {
    JsonNode existing = parent.get(field);
    return existing instanceof ObjectNode o ? o : parent.putObject(field);
  }

  private static void addIfAbsent(ObjectNode map, String key, String value) {
    if (!map.has(key)) {
      map.put(key, value);
    }
  }
}
