package io.gpuarbiter.admission.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpuarbiter.admission.decode.PodTemplate;
import io.gpuarbiter.arbitration.decision.Placement;
import io.gpuarbiter.arbitration.decision.SchedulerHandOff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that the object as it will be stored agrees with the admitted placement: a user-set queue,
 * or a node selector pinning the pods elsewhere, would let the workload run on capacity it was not
 * admitted to. Each disagreement is a sentence for the denial.
 */
public final class FinalState {
  private FinalState() {}

  /**
   * @param templates every pod template (each must carry the KAI queue)
   * @param gpuTemplates the GPU-asking templates, whose node selector must stay in the pool
   */
  public static List<String> disagreements(
      JsonNode object,
      List<PodTemplate> templates,
      List<PodTemplate> gpuTemplates,
      Placement placement) {
    List<String> found = new ArrayList<>();
    queues(found, object, templates, placement);
    Optional<String> poolFamily =
        AcceleratorSelectors.family(
            placement.nodeSelector().get(AcceleratorSelectors.PRODUCT_LABEL));
    poolFamily.ifPresent(f ->
        foreignModel(
            found,
            AcceleratorSelectors.KSERVE_ANNOTATION,
            object
                .path("metadata")
                .path("annotations")
                .path(AcceleratorSelectors.KSERVE_ANNOTATION),
            "annotation",
            f,
            placement));
    for (PodTemplate t : gpuTemplates) {
      if (t.spec().isEmpty()) {
        continue;
      }
      JsonNode selector = object.at(t.spec().get()).path("nodeSelector");
      for (String key : AcceleratorSelectors.NODE_LABELS) {
        poolFamily.ifPresent(f ->
            foreignModel(
                found, key, selector.path(key), "nodeSelector of " + t.podSet(), f, placement));
      }
      for (Map.Entry<String, String> e : placement.nodeSelector().entrySet()) {
        String set = selector.path(e.getKey()).asText(null);
        if (set != null && !set.equals(e.getValue())) {
          found.add(
              "nodeSelector "
                  + e.getKey()
                  + "="
                  + set
                  + " of "
                  + t.podSet()
                  + " is outside pool "
                  + placement.pool()
                  + " ("
                  + e.getValue()
                  + ")");
        }
      }
    }
    return found;
  }

  /** The queue labels the stored object carries must be the team's. */
  private static void queues(
      List<String> found, JsonNode object, List<PodTemplate> templates, Placement placement) {
    JsonNode labels = object.path("metadata").path("labels");
    switch (placement.scheduler()) {
      case SchedulerHandOff.Kueue k ->
          expect(found, labels, HandOffPatch.KUEUE_QUEUE, k.localQueue(), "Kueue queue");
      case SchedulerHandOff.Kai kai -> {
        expect(found, labels, HandOffPatch.KAI_QUEUE, kai.queue(), "KAI queue");
        for (PodTemplate t : templates) {
          expect(
              found,
              object.at(t.metadata()).path("labels"),
              HandOffPatch.KAI_QUEUE,
              kai.queue(),
              "KAI queue of " + t.podSet());
        }
      }
      case SchedulerHandOff.Plain plain -> {
        // no queue to agree on
      }
    }
  }

  /** A selector naming another GPU model than the pool's: those nodes are not in the pool. */
  private static void foreignModel(
      List<String> found,
      String key,
      JsonNode value,
      String where,
      String poolFamily,
      Placement placement) {
    if (!value.isTextual()) {
      return;
    }
    Optional<String> asked = AcceleratorSelectors.family(value.asText());
    if (asked.isPresent() && !asked.get().equals(poolFamily)) {
      found.add(
          where
              + " "
              + key
              + "="
              + value.asText()
              + " asks for "
              + asked.get().toUpperCase(java.util.Locale.ROOT)
              + " GPUs, but pool "
              + placement.pool()
              + " has "
              + poolFamily.toUpperCase(java.util.Locale.ROOT)
              + " GPUs, so the workload could never be scheduled: remove the selector, or ask"
              + " for a quota in a pool of "
              + asked.get().toUpperCase(java.util.Locale.ROOT)
              + " GPUs");
    }
  }

  private static void expect(
      List<String> found, JsonNode labels, String key, String want, String what) {
    String set = labels.path(key).asText(null);
    if (set != null && !set.equals(want)) {
      found.add(
          what + " \"" + set + "\" (label " + key + ") is not the team's queue \"" + want + "\"");
    }
  }
}
