package io.gpuarbiter.admission.owners;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * An object's controller: the entry of {@code metadata.ownerReferences} with {@code controller:
 * true} (at most one per object, the API server enforces that). Owners live in the same namespace.
 */
public record OwnerRef(String apiVersion, String kind, String name, String uid) {

  /** The controlling owner reference of {@code object}, if it has a complete one. */
  public static Optional<OwnerRef> controllerOf(JsonNode object) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        OwnerRef r =
            new OwnerRef(
                ref.path("apiVersion").asText(""),
                ref.path("kind").asText(""),
                ref.path("name").asText(""),
                ref.path("uid").asText(""));
        return r.complete() ? Optional.of(r) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The owner's API group as webhook keys write it: {@code core} for the core API. */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "core" : apiVersion.substring(0, slash);
  }

  /** The webhook's allocation key of the owner: {@code group/Kind/namespace/name}. */
  public String key(String namespace) {
    return group() + "/" + kind + "/" + namespace + "/" + name;
  }

  private boolean complete() {
    return !apiVersion.isBlank() && !kind.isBlank() && !name.isBlank() && !uid.isBlank();
  }
}
