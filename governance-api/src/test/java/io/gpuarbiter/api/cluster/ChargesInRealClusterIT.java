package io.gpuarbiter.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.RealClusterService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service in cluster mode on a real kube-apiserver (and controller-manager) that calls its
 * webhooks with a client certificate. A DELETE review alone releases nothing: the charge goes once
 * the API server no longer has the object. And an admission whose object never reached the API
 * server (its answer was lost) does not hold GPUs forever: the periodic reconcile releases it after
 * the grace period. (Before: a forged DELETE review released a running Job's charge, and an
 * orphaned admission stayed charged until the next restart.)
 */
class ChargesInRealClusterIT extends RealClusterService {
  private static final String NS = "nlp-train";

  @Override
  protected List<String> namespaces() {
    return List.of(NS);
  }

  @Override
  protected Map<String, Object> serviceProperties() {
    return Map.of(
        "arbiter.kubernetes.orphan-grace", "2s", "arbiter.kubernetes.reconcile-interval", "1s");
  }

  @Test
  void aDeleteReviewAloneReleasesNothingTheConfirmedDeletionDoes() throws Exception {
    ObjectNode job = batchJob(NS, "train-confirmed");
    createJob(job);
    String key = "batch/Job/" + NS + "/train-confirmed";
    await().atMost(Duration.ofMinutes(1)).until(() -> charged(key));

    // A DELETE review as the API server would send it, but the Job is not deleted.
    HttpResponse<String> forged =
        asApiServer(Reviews.bytes(Reviews.review(null, job, "DELETE", "forged-1", false)));
    assertThat(forged.body()).contains("\"allowed\":true");
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> charged(key));

    jobs(NS)
        .withName("train-confirmed")
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    await().atMost(Duration.ofMinutes(1)).until(() -> !charged(key));
  }

  @Test
  void anAdmissionWhoseObjectNeverReachedTheApiServerIsReleasedAfterTheGrace() throws Exception {
    HttpResponse<String> admitted =
        asApiServer(Reviews.bytes(Reviews.create(batchJob(NS, "answer-lost"), "lost-1")));
    assertThat(admitted.body()).contains("\"allowed\":true");
    String key = "batch/Job/" + NS + "/answer-lost";
    assertThat(charged(key)).isTrue();
    await().atMost(Duration.ofMinutes(1)).until(() -> !charged(key));
  }
}
