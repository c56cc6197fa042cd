package io.gpuarbiter.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gpuarbiter.api.testing.RealClusterService;
import io.gpuarbiter.ledger.EntryPage;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.StoredEntry;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The webhook contract as the API server exercises it: a server-side dry run is decided and
 * recorded nowhere; a deletion releases the charge exactly once; and with the service down the
 * validating webhook fails closed (GPU creates are rejected) while the mutating one fails open.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookContractInRealClusterIT extends RealClusterService {
  private static final String NS = "nlp-train";

  @Override
  protected List<String> namespaces() {
    return List.of(NS);
  }

  @Test
  @Order(1)
  void aServerSideDryRunIsDecidedAndRecordsNothing() {
    long before = entries(NS).size();
    Job dry = job("dry", 2);
    jobs(NS).resource(dry).dryRun().create();
    Job tooBig = job("too-big", 64);
    assertThatThrownBy(() -> jobs(NS).resource(tooBig).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("validate.gpu-arbiter.io")
        .hasMessageContaining("denied");
    assertThat(chargedIn(NS)).isEmpty();
    assertThat(entries(NS)).hasSize((int) before);
    assertThat(jobs(NS).list().getItems()).isEmpty();
  }

  @Test
  @Order(2)
  void aDeletionReleasesTheChargeExactlyOnce() {
    jobs(NS).resource(job("once", 2)).create();
    String key = "batch/Job/" + NS + "/once";
    await().atMost(Duration.ofMinutes(1)).until(() -> charged(key));
    jobs(NS).withName("once").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    await().atMost(Duration.ofMinutes(1)).until(() -> !charged(key));
    // The DELETE review, the watcher and the confirmer all see it go: one release is recorded.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(30))
        .until(() -> releases(NS) == 1);
  }

  @Test
  @Order(3)
  void withTheServiceDownGpuCreatesAreRejectedAndTheMutatingWebhookFailsOpen() {
    service.stop();
    assertThatThrownBy(() -> jobs(NS).resource(job("while-down", 1)).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("failed calling webhook \"validate.gpu-arbiter.io\"");
    // Without the validating webhook, the mutating one alone does not block: it fails open.
    cluster
        .client()
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName("gpu-arbiter")
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> jobs(NS).resource(job("mutate-open", 1)).create());
    assertThat(jobs(NS).withName("mutate-open").get()).isNotNull();
  }

  /** The corpus's batch Job, named, with {@code pods} pods of one GPU each. */
  private static Job job(String name, int pods) {
    ObjectNode job = batchJob(NS, name);
    ((ObjectNode) job.path("spec")).put("parallelism", pods).put("completions", pods);
    return Serialization.unmarshal(job.toString(), Job.class);
  }

  private long releases(String namespace) {
    return entries(namespace).stream().filter(e -> e.draft().kind().equals("release")).count();
  }

  /** Every ledger entry about the namespace, after the sequencer integrated what is queued. */
  private List<StoredEntry> entries(String namespace) {
    Ledger ledger = service.getApplicationContext().getBean(Ledger.class);
    ledger.sequencer().runOnce();
    List<StoredEntry> out = new java.util.ArrayList<>();
    OptionalLong from = OptionalLong.of(0);
    while (from.isPresent()) {
      EntryPage page = ledger.entries(EntryQuery.page(from.getAsLong(), EntryQuery.MAX_LIMIT));
      page.entries().stream()
          .filter(e -> namespace.equals(e.draft().namespace()))
          .forEach(out::add);
      from = page.nextFrom();
    }
    return out;
  }
}
