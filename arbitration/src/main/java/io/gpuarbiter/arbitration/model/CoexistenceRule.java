package io.gpuarbiter.arbitration.model;

import java.util.Set;

/**
 * Whether two classes may share one GPU, and through which mechanisms. An empty set means never:
 * e.g. {@code training × inference → {}}, {@code inference × inference → {mig}}. A pair with no
 * rule may share through any mechanism both classes allow.
 */
public record CoexistenceRule(WorkloadClass first, WorkloadClass second, Set<SharingMode> via) {
  public CoexistenceRule {
    via = Set.copyOf(via);
  }

  public boolean concerns(WorkloadClass a, WorkloadClass b) {
    return (first == a && second == b) || (first == b && second == a);
  }
}
