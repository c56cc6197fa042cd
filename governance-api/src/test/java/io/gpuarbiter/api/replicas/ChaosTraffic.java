package io.gpuarbiter.api.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Seeded random GPU reviews spread across the replicas (CREATE, UPDATE, DELETE of PyTorchJobs in
 * five teams' namespaces), and an approver who approves what lands in ben's inbox meanwhile. Every
 * answer is kept: the checks compare what was acknowledged with what the database holds.
 */
final class ChaosTraffic {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NAMESPACES =
      List.of("nlp-train", "nlp-eval", "vision", "assistant-dev", "ml-platform");
  private static final Duration ANSWER_GUARD = Duration.ofSeconds(20);

  /** One review and its answer (nanoTime stamps; code 0 = no answer: the replica was gone). */
  record Sent(
      String uid,
      String operation,
      int replica,
      long sent,
      long answered,
      boolean allowed,
      int code,
      String decisionId) {}

  private final Replicas replicas;
  private final HttpClient client;
  private final long seed;
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final Map<String, JsonNode> objects = new ConcurrentHashMap<>();
  final Set<String> approved = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean on = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  ChaosTraffic(Replicas replicas, HttpClient client, long seed) {
    this.replicas = replicas;
    this.client = client;
    this.seed = seed;
  }

  void start(int senders) {
    for (int t = 0; t < senders; t++) {
      int thread = t;
      threads.add(Thread.ofPlatform().start(() -> send(new Random(seed + thread), thread)));
    }
    threads.add(Thread.ofPlatform().start(() -> approve(new Random(seed - 1))));
  }

  void stop() throws InterruptedException {
    on.set(false);
    for (Thread t : threads) {
      t.join(ANSWER_GUARD.toMillis() * 2);
    }
  }

  private void send(Random random, int thread) {
    List<JsonNode> mine = new ArrayList<>();
    for (int i = 0; on.get(); i++) {
      int replica = random.nextInt(replicas.size());
      String uid = "t" + thread + "-" + i;
      int dice = random.nextInt(10);
      if (mine.isEmpty() || dice < 5) {
        JsonNode job = job("job-" + thread + "-" + i, random);
        mine.add(job);
        objects.put(key(job), job);
        review(replica, uid, "CREATE", Reviews.create(job, uid));
      } else if (dice < 8) {
        JsonNode job = mine.get(random.nextInt(mine.size()));
        review(replica, uid, "UPDATE", Reviews.review(job, job, "UPDATE", uid, false));
      } else {
        JsonNode job = mine.remove(random.nextInt(mine.size()));
        review(replica, uid, "DELETE", Reviews.review(null, job, "DELETE", uid, false));
      }
    }
  }

  /** Approves a random ticket in ben's inbox now and then, and re-submits its workload. */
  private void approve(Random random) {
    while (on.get()) {
      try {
        Thread.sleep(1500);
        var replica = replicas.get(random.nextInt(replicas.size()));
        JsonNode inbox = JSON.readTree(replica.getAs("ben", "/api/v1/approvals/inbox").body());
        List<JsonNode> open = new ArrayList<>();
        inbox.forEach(open::add);
        if (!open.isEmpty()) {
          JsonNode ticket = open.get(random.nextInt(open.size()));
          String key = ticket.path("subject").asText();
          String path = "/api/v1/requests/" + ticket.path("id").asText() + "/approve";
          if (replica.postAs("ben", path, "{}").statusCode() == 200 && objects.containsKey(key)) {
            approved.add(key);
            JsonNode job = objects.get(key);
            String uid = "approved-" + System.nanoTime();
            review(
                random.nextInt(replicas.size()),
                uid,
                "UPDATE",
                Reviews.review(job, job, "UPDATE", uid, false));
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // a killed replica or the database outage: the next round tries again
      }
    }
  }

  /** Sends one review to a replica and keeps the answer (none if the replica is gone). */
  Sent review(int replica, String uid, String operation, JsonNode review) {
    long start = System.nanoTime();
    Sent s;
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "https://localhost:"
                              + replicas.get(replica).httpsPort()
                              + "/admission/validate"))
                  .header("Content-Type", "application/json")
                  .timeout(ANSWER_GUARD)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(Reviews.bytes(review)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode response = JSON.readTree(r.body()).path("response");
      s =
          new Sent(
              uid,
              operation,
              replica,
              start,
              System.nanoTime(),
              response.path("allowed").asBoolean(),
              response.path("status").path("code").asInt(r.statusCode()),
              response.path("auditAnnotations").path("gpu-arbiter.io/decision-id").asText(""));
    } catch (Exception e) {
      s = new Sent(uid, operation, replica, start, System.nanoTime(), false, 0, "");
    }
    sent.add(s);
    return s;
  }

  static JsonNode job(String name, Random random) {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0).deepCopy();
    ObjectNode meta = job.with("metadata");
    meta.put("name", name).put("namespace", NAMESPACES.get(random.nextInt(NAMESPACES.size())));
    meta.remove("labels"); // the corpus names a KAI queue; the arbiter chooses the placement
    ((ObjectNode) job.path("spec").path("pytorchReplicaSpecs").path("Worker"))
        .put("replicas", 1 + random.nextInt(4));
    return job;
  }

  static String key(JsonNode job) {
    return "kubeflow.org/PyTorchJob/"
        + job.path("metadata").path("namespace").asText()
        + "/"
        + job.path("metadata").path("name").asText();
  }
}
