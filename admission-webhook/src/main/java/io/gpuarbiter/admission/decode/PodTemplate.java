package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * One group of identical pods inside a workload object, and where its pod metadata and pod spec
 * live in the object (for reading GPU asks and for patching the hand-off).
 *
 * @param podSet name of the group, e.g. {@code worker} or {@code replicatedJobs[1]}
 * @param replicas pods of this group that run at once
 * @param metadata pointer to the metadata the pods get labels/annotations from
 * @param spec pointer to the pod spec, empty when the kind has no pod spec of its own (TrainJob)
 * @param annotations the pods' annotations (KAI {@code gpu-fraction} and friends live there)
 * @param containers regular and sidecar containers (each a container object)
 * @param initContainers init containers that run before the others, one at a time
 */
public record PodTemplate(
    String podSet,
    int replicas,
    JsonPointer metadata,
    Optional<JsonPointer> spec,
    JsonNode annotations,
    List<JsonNode> containers,
    List<JsonNode> initContainers) {

  public PodTemplate {
    containers = List.copyOf(containers);
    initContainers = List.copyOf(initContainers);
  }
}
