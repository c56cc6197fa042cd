package io.gpuarbiter.handoff.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;

/**
 * The desired scheduler objects for one model at one instant, in apply order, with notes on what
 * the schedulers cannot express (the engine enforces those).
 */
public record Rendering(List<GenericKubernetesResource> objects, List<String> notes) {
  public Rendering {
    objects = List.copyOf(objects);
    notes = List.copyOf(notes);
  }

  /** The objects of one kind, in order. */
  public List<GenericKubernetesResource> ofKind(Kind kind) {
    return objects.stream()
        .filter(o -> kind.apiVersion().equals(o.getApiVersion()))
        .filter(o -> kind.kind().equals(o.getKind()))
        .toList();
  }
}
