package io.gpuarbiter.handoff.sync;

import io.gpuarbiter.handoff.model.Kind;

/**
 * One thing sync did or refused to do to one object.
 *
 * @param namespace null for cluster-scoped kinds
 * @param detail for drift, the first field that differed (JSON pointer) and its live value
 */
public record SyncEvent(Type type, Kind kind, String namespace, String name, String detail) {

  public enum Type {
    /** The object did not exist and was created. */
    CREATED,
    /** The model changed, so the owned object was updated to the new rendering. */
    UPDATED,
    /** The owned object had been edited by hand; it was restored to the rendering. */
    DRIFT_RESTORED,
    /** An owned object no longer in the model was deleted. */
    DELETED,
    /** An object GPU Arbiter does not own holds a name it renders: left untouched. */
    FOREIGN_CONFLICT,
    /**
     * The model names a namespace the cluster does not have (yet): its objects are skipped, and the
     * first pass after the namespace appears creates them.
     */
    NAMESPACE_MISSING
  }

  /** {@code Kind namespace/name}, for logs. */
  public String describe() {
    return type
        + " "
        + kind.kind()
        + " "
        + (namespace == null ? "" : namespace + "/")
        + name
        + (detail == null ? "" : ": " + detail);
  }
}
