package io.gpuarbiter.admission.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpuarbiter.admission.decode.PodTemplate;
import io.gpuarbiter.arbitration.decision.Placement;
import io.gpuarbiter.arbitration.decision.SchedulerHandOff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    for (PodTemplate t : gpuTemplates) {
      if (t.spec().isEmpty()) {
        continue;
      }
      JsonNode selector = object.at(t.spec().get()).path("nodeSelector");
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

  private static void expect(
      List<String> found, JsonNode labels, String key, String want, String what) {
    String set = labels.path(key).asText(null);
    if (set != null && !set.equals(want)) {
      found.add(
          what + " \"" + set + "\" (label " + key + ") is not the team's queue \"" + want + "\"");
    }
  }
}
