package io.gpuarbiter.admission.owners;

import java.util.Optional;

/**
 * Port to the cluster: the object an owner reference names, as the API server has it now. Without a
 * cluster ({@link #NONE}) nothing can be looked up, and only what this process saw admitted covers
 * a child.
 */
@FunctionalInterface
public interface Lineage {
  Lineage NONE = (namespace, ref) -> Optional.empty();

  /** The named object's uid and its own controller; empty if absent or not reachable. */
  Optional<Owned> lookUp(String namespace, OwnerRef ref);

  /** What the cluster says of an owner. */
  record Owned(String uid, Optional<OwnerRef> controller) {}
}
