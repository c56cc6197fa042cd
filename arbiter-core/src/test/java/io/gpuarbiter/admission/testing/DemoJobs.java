package io.gpuarbiter.admission.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.decode.DecodedWorkload;
import io.gpuarbiter.admission.decode.WorkloadDecoder;
import io.gpuarbiter.arbitration.request.GpuRequest;

/** GPU requests decoded from the corpus' KAI PyTorchJob (3 GPUs), renamed per test. */
public final class DemoJobs {
  private DemoJobs() {}

  /** The corpus PyTorchJob as {@code namespace/name}, decoded as the webhook decodes it. */
  public static GpuRequest pytorch(String name, String namespace) {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("name", name).put("namespace", namespace);
    var decoded =
        new WorkloadDecoder(new ClaimTemplates())
            .decode(
                "PyTorchJob",
                namespace,
                "kubeflow.org/PyTorchJob/" + namespace + "/" + name,
                "ada",
                job);
    return ((DecodedWorkload.Gpu) decoded).request();
  }
}
