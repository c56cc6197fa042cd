package io.gpuarbiter.admission.decode;

import io.gpuarbiter.arbitration.request.GpuRequest;
import java.util.List;

/** What the decoder made of an object. */
public sealed interface DecodedWorkload {
  /** No pod of it asks for a GPU in any form: out of GPU scope. */
  record NotGpu() implements DecodedWorkload {}

  /**
   * A GPU workload, its canonical request, all its pod templates, and those that ask for GPUs (only
   * they are pinned to the pool's nodes: a Ray head with {@code num-gpus: 0} or an MPI launcher
   * stays where it may run).
   */
  record Gpu(GpuRequest request, List<PodTemplate> templates, List<PodTemplate> gpuTemplates)
      implements DecodedWorkload {
    public Gpu {
      templates = List.copyOf(templates);
      gpuTemplates = List.copyOf(gpuTemplates);
    }

    /** The container images of every pod template, init containers included, in order. */
    public List<String> images() {
      List<String> images = new java.util.ArrayList<>();
      for (PodTemplate t : templates) {
        java.util.stream.Stream.concat(t.initContainers().stream(), t.containers().stream())
            .map(c -> c.path("image"))
            .filter(com.fasterxml.jackson.databind.JsonNode::isTextual)
            .map(com.fasterxml.jackson.databind.JsonNode::asText)
            .filter(i -> !images.contains(i))
            .forEach(images::add);
      }
      return images;
    }
  }

  /** The object cannot be read as its kind; the message names the field and value. */
  record Malformed(String message) implements DecodedWorkload {}

  /**
   * A kind no decoder knows that carries a GPU resource: it cannot be sized, so it is not let
   * through ungoverned. The message names the kind, where the resource is and what to do.
   */
  record Undecodable(String message) implements DecodedWorkload {}
}
