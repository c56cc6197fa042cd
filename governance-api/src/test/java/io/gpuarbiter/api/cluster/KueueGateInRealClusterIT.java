package io.gpuarbiter.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gpuarbiter.api.testing.RealClusterService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The approval gate held by the real Kueue: a Job beyond its team's quota (nlp: 12 guaranteed and
 * 12 borrowable in h100; the Job asks 26) is admitted by the webhook only behind Kueue's admission
 * gate; Kueue's Job webhook creates it suspended and its Workload stays gated (AdmissionGated), no
 * pod appears and nothing is charged. The approver's approval through the REST API removes the
 * gate; the update is admitted with the approved charge, Kueue admits the Workload and unsuspends
 * the Job, and the job controller's pods appear, covered by that one charge. The scheduler objects
 * the model compiles to were synced into the real API at start (the LocalQueue the Job is handed
 * to).
 */
@SuppressWarnings("unchecked") // a generic resource's spec is an untyped map
class KueueGateInRealClusterIT extends RealClusterService {
  private static final String NS = "nlp-train";
  private static final String OTHER_NS = "assistant-dev"; // another department: its own cohort
  private static final String PLATFORM_NS = "ml-platform"; // h100 only: 4 + 2 borrowable
  private static final String NIM_KEY = "apps.nvidia.com/NIMService/ml-platform/llama";
  private static final int PODS = 26; // 1 GPU each: 2 beyond what nlp may hold
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceDefinitionContext WORKLOADS =
      new ResourceDefinitionContext.Builder()
          .withGroup("kueue.x-k8s.io")
          .withVersion("v1beta2")
          .withKind("Workload")
          .withPlural("workloads")
          .withNamespaced(true)
          .build();

  @Override
  protected List<String> namespaces() {
    return List.of(NS, OTHER_NS, PLATFORM_NS);
  }

  @Override
  protected boolean withKueue() {
    return true;
  }

  @Test
  void aJobNeedingApprovalIsHeldByKueueUntilApprovedThenRunsUnderOneCharge() throws Exception {
    ObjectNode job = batchJob(NS, "serve-batch");
    job.with("metadata").with("labels").put("gpu-arbiter.io/class", "batch");
    job.with("metadata").with("annotations").put("gpu-arbiter.io/max-runtime", "2h");
    ((ObjectNode) job.path("spec")).put("parallelism", PODS).put("completions", PODS);
    String key = "batch/Job/" + NS + "/serve-batch";
    await()
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions() // until the first sync has put the LocalQueue in place
        .until(() -> localQueue("nlp") != null);
    createJob(job);

    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() ->
            assertThat(workloadConditions())
                .as("Kueue's Workload of the gated Job")
                .contains("QuotaReserved=False:AdmissionGated"));
    Job stored = jobs(NS).withName("serve-batch").get();
    assertThat(stored.getSpec().getSuspend()).isTrue();
    assertThat(cluster.client().pods().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(charged(key)).isFalse();

    String ticket = ticketFor(key);
    HttpResponseAssert.ok(postAs("ben", "/api/v1/requests/" + ticket + "/approve", "{}", null));

    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() ->
            assertThat(cluster.client().pods().inNamespace(NS).list().getItems())
                .as(
                    "pods of the approved Job (Workload: %s; ClusterQueue: %s)",
                    workloadConditions(), clusterQueueStatus())
                .hasSize(PODS));
    assertThat(workloadConditions()).contains("Admitted=True:Admitted");
    assertThat(JSON.valueToTree(clusterQueueSpec("nlp")).toString())
        .as("nlp's queue holds the approved excess: 12 + 2")
        .contains("\"nominalQuota\":14");
    assertThat(admissionChecks())
        .as("the ClusterQueue requires GPU Arbiter's check, and its controller passed it")
        .containsExactly("gpu-arbiter-approval=Ready:approved: ben");
    assertThat(chargedIn(NS)).containsExactly(key);
  }

  @Test
  void aJobWithinQuotaPassesTheApprovalCheckOnItsRealWorkload() {
    await()
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .until(() -> localQueue(OTHER_NS, "assistant") != null);
    var check =
        cluster.client().genericKubernetesResources("kueue.x-k8s.io/v1beta2", "AdmissionCheck");
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() ->
            assertThat(
                    JSON.valueToTree(check.withName("gpu-arbiter-approval").get())
                        .path("status")
                        .path("conditions")
                        .valueStream()
                        .map(c -> c.path("type").asText() + "=" + c.path("status").asText())
                        .toList())
                .as("the AdmissionCheck is marked active by its controller")
                .contains("Active=True"));
    createJob(batchJob(OTHER_NS, "train-within"));

    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() ->
            assertThat(admissionChecks(OTHER_NS))
                .containsExactly("gpu-arbiter-approval=Ready:admitted within quota"));
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() ->
            assertThat(cluster.client().pods().inNamespace(OTHER_NS).list().getItems()).hasSize(2));
    assertThat(chargedIn(OTHER_NS)).containsExactly("batch/Job/" + OTHER_NS + "/train-within");
  }

  @Test
  void aKindKueueDoesNotManageIsDeniedWithItsTicketNeverAllowedUngated() throws Exception {
    cluster.installCrds("crds/nim-operator");
    var nims =
        cluster
            .client()
            .genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup("apps.nvidia.com")
                    .withVersion("v1alpha1")
                    .withKind("NIMService")
                    .withPlural("nimservices")
                    .withNamespaced(true)
                    .build())
            .inNamespace(PLATFORM_NS);
    GenericKubernetesResource nim =
        Serialization.unmarshal(
            """
            {"apiVersion":"apps.nvidia.com/v1alpha1","kind":"NIMService",
             "metadata":{"name":"llama","namespace":"ml-platform"},
             "spec":{"image":{"repository":"nvcr.io/nvidia/nim-llm","tag":"1.3.3"},
              "authSecret":"ngc-api","replicas":3,
              "resources":{"limits":{"nvidia.com/gpu":4}}}}
            """,
            GenericKubernetesResource.class);

    // 12 GPUs where ml-platform may hold 6: needs approval, and no Kueue gate would hold it.
    assertThatThrownBy(() -> nims.resource(nim).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> {
          KubernetesClientException k = (KubernetesClientException) e;
          assertThat(k.getCode()).isEqualTo(403);
          assertThat(k.getStatus().getMessage())
              .contains("needs approval")
              .contains("Ticket: the workload-admission request about " + NIM_KEY);
        });
    assertThat(nims.withName("llama").get()).as("never created, gated or not").isNull();
    assertThat(chargedIn(PLATFORM_NS)).isEmpty();
    var tickets = getAs("ivan", "/api/v1/requests?team=ml-platform");
    assertThat(tickets.statusCode()).as(tickets.body()).isEqualTo(200);
    assertThat(tickets.body()).contains("\"subject\":\"" + NIM_KEY + "\"");
  }

  @Test
  void theModelsSchedulerObjectsAreSyncedDriftIsRestoredAndForeignObjectsAreLeftAlone() {
    var queues =
        cluster.client().genericKubernetesResources("kueue.x-k8s.io/v1beta2", "ClusterQueue");
    await().atMost(Duration.ofMinutes(1)).until(() -> queues.withName("nlp").get() != null);
    GenericKubernetesResource nlp = queues.withName("nlp").get();
    assertThat(nlp.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "gpu-arbiter");
    String want = JSON.valueToTree(nlp.getAdditionalProperties().get("spec")).toString();

    // Someone edits the team's queue by hand, and someone else keeps a queue of their own.
    queues
        .withName("nlp")
        .edit(q -> {
          ((java.util.Map<String, Object>) q.getAdditionalProperties().get("spec"))
              .put("queueingStrategy", "StrictFIFO");
          return q;
        });
    GenericKubernetesResource foreign =
        Serialization.unmarshal(
            """
            {"apiVersion":"kueue.x-k8s.io/v1beta2","kind":"ClusterQueue",
             "metadata":{"name":"foreign"},
             "spec":{"namespaceSelector":{},"queueingStrategy":"StrictFIFO","resourceGroups":[]}}
            """,
            GenericKubernetesResource.class);
    cluster.client().resource(foreign).create();

    service.getApplicationContext().getBean(ClusterControllers.class).afterApproval();

    assertThat(
            JSON.valueToTree(queues.withName("nlp").get().getAdditionalProperties().get("spec"))
                .toString())
        .as("drift restored")
        .isEqualTo(want);
    GenericKubernetesResource kept = queues.withName("foreign").get();
    assertThat(kept).as("a queue GPU Arbiter does not own is left alone").isNotNull();
    assertThat(
            JSON.valueToTree(kept.getAdditionalProperties().get("spec"))
                .path("queueingStrategy")
                .asText())
        .isEqualTo("StrictFIFO");
  }

  private GenericKubernetesResource localQueue(String name) {
    return localQueue(NS, name);
  }

  private GenericKubernetesResource localQueue(String namespace, String name) {
    return cluster
        .client()
        .genericKubernetesResources("kueue.x-k8s.io/v1beta2", "LocalQueue")
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** The conditions of the namespace's Workloads: {@code type=status:reason}. */
  private List<String> workloadConditions() {
    return workloadStatus(NS, "conditions", "type", "status", "reason");
  }

  private List<String> admissionChecks() {
    return admissionChecks(NS);
  }

  /** Every admission check state of the namespace's Workloads: {@code name=state:message}. */
  private List<String> admissionChecks(String namespace) {
    return workloadStatus(namespace, "admissionChecks", "name", "state", "message");
  }

  /** One list of the Workloads' status, each entry as {@code a=b:c} of three of its fields. */
  private List<String> workloadStatus(String namespace, String list, String a, String b, String c) {
    return cluster
        .client()
        .genericKubernetesResources(WORKLOADS)
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .flatMap(w ->
            JSON.valueToTree(w.getAdditionalProperties().get("status")).path(list).valueStream())
        .map(e -> e.path(a).asText() + "=" + e.path(b).asText() + ":" + e.path(c).asText())
        .toList();
  }

  private Object clusterQueueSpec(String name) {
    return cluster
        .client()
        .genericKubernetesResources("kueue.x-k8s.io/v1beta2", "ClusterQueue")
        .withName(name)
        .get()
        .getAdditionalProperties()
        .get("spec");
  }

  private Object clusterQueueStatus() {
    GenericKubernetesResource cq =
        cluster
            .client()
            .genericKubernetesResources("kueue.x-k8s.io/v1beta2", "ClusterQueue")
            .withName("nlp")
            .get();
    return cq == null ? "none" : cq.getAdditionalProperties().get("status");
  }

  private String ticketFor(String key) throws Exception {
    JsonNode inbox = JSON.readTree(getAs("ben", "/api/v1/approvals/inbox").body());
    for (JsonNode r : inbox) {
      if (key.equals(r.path("subject").asText())) {
        return r.path("id").asText();
      }
    }
    throw new AssertionError("no ticket about " + key + " in ben's inbox: " + inbox);
  }

  /** A 200 answer, or the body in the failure. */
  private static final class HttpResponseAssert {
    static void ok(java.net.http.HttpResponse<String> r) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }
}
