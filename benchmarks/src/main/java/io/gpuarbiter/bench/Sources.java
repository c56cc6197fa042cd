package io.gpuarbiter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.decode.DecodedWorkload;
import io.gpuarbiter.admission.decode.WorkloadDecoder;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.model.ModelLoader;
import io.gpuarbiter.policies.PolicyInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The review corpus: AdmissionReviews (CREATE, not dry-run) built from testdata/workloads and from
 * the GPU pods of the Alibaba 2023 trace, each paired with the OPA input the service's policy step
 * derives from the same review. Name and uid are placeholders filled per send, so every review is a
 * new workload.
 */
final class Sources {
  static final String NAME = "__BN__";
  static final String UID = "__BU__";
  static final List<String> NAMESPACES =
      List.of(
          "nlp-train",
          "nlp-eval",
          "vision",
          "rl",
          "assistant-prod",
          "assistant-dev",
          "search-prod",
          "search-dev",
          "recsys",
          "ml-platform",
          "evals",
          "default");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One review template and its OPA peer body, both with {@link #NAME}/{@link #UID} holes. */
  record Template(String source, String review, String opaBody) {}

  final List<Template> workloads = new ArrayList<>();
  final List<Template> tracePods = new ArrayList<>();
  int workloadDocsSkipped;
  int traceRowsWithoutGpu;

  static Sources load(Path corpus, Path model) throws Exception {
    GovernanceSnapshot snapshot =
        GovernanceSnapshot.of(ModelLoader.load(model).model(), "sha256:bench");
    WorkloadDecoder decoder = new WorkloadDecoder(new ClaimTemplates());
    Sources s = new Sources();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Path> files;
    try (Stream<Path> list = Files.list(corpus.resolve("workloads"))) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    int ns = 0;
    for (Path f : files) {
      List<JsonNode> docs;
      try (var it = yaml.readerFor(JsonNode.class).<JsonNode>readValues(f.toFile())) {
        docs = it.readAll();
      } catch (IOException e) {
        s.workloadDocsSkipped++;
        continue;
      }
      for (JsonNode doc : docs) {
        if (doc == null || !doc.isObject() || !doc.has("kind")) {
          continue;
        }
        Template t =
            template(
                f.getFileName() + "#" + doc.path("kind").asText(),
                (ObjectNode) doc.deepCopy(),
                NAMESPACES.get(ns % NAMESPACES.size()),
                decoder,
                snapshot);
        if (t == null) {
          s.workloadDocsSkipped++;
        } else {
          s.workloads.add(t);
          ns++;
        }
      }
    }
    Path csv = corpus.resolve("traces/alibaba-gpu-v2023/csv/openb_pod_list_default.csv");
    List<String> lines = Files.readAllLines(csv);
    for (int i = 1; i < lines.size(); i++) {
      String[] c = lines.get(i).split(",", -1);
      int numGpu = Integer.parseInt(c[3]);
      int milli = Integer.parseInt(c[4]);
      if (numGpu == 0) {
        s.traceRowsWithoutGpu++;
        continue;
      }
      ObjectNode pod =
          tracePod(c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]), numGpu, milli);
      Template t =
          template("trace:" + c[0], pod, NAMESPACES.get(i % NAMESPACES.size()), decoder, snapshot);
      if (t != null) {
        s.tracePods.add(t);
      }
    }
    Collections.shuffle(s.tracePods, new Random(9));
    return s;
  }

  /** Even sequence numbers take a corpus workload, odd ones a trace pod. */
  Template pick(long seq) {
    if ((seq & 1) == 0) {
      return workloads.get((int) ((seq >>> 1) % workloads.size()));
    }
    return tracePods.get((int) ((seq >>> 1) % tracePods.size()));
  }

  private static ObjectNode tracePod(String name, int cpuMilli, int memMib, int numGpu, int milli) {
    ObjectNode pod = JSON.createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    meta.put("name", name);
    meta.putObject("labels").put("app", "openb");
    if (numGpu == 1 && milli > 0 && milli < 1000) {
      meta.putObject("annotations")
          .put("gpu-fraction", String.format(Locale.ROOT, "%.3f", milli / 1000.0));
    }
    ObjectNode spec = pod.putObject("spec");
    spec.put("schedulerName", "kai-scheduler");
    ObjectNode container = spec.putArray("containers").addObject();
    container.put("name", "main").put("image", "nvcr.io/nvidia/pytorch:24.05-py3");
    ObjectNode resources = container.putObject("resources");
    ObjectNode limits = resources.putObject("limits");
    limits.put("cpu", cpuMilli + "m").put("memory", memMib + "Mi");
    if (!(numGpu == 1 && milli > 0 && milli < 1000)) {
      limits.put("nvidia.com/gpu", String.valueOf(numGpu));
    }
    return pod;
  }

  private static Template template(
      String source,
      ObjectNode object,
      String namespace,
      WorkloadDecoder decoder,
      GovernanceSnapshot snapshot)
      throws IOException {
    ObjectNode meta = object.with("metadata");
    meta.put("name", NAME);
    meta.remove("generateName");
    meta.put("namespace", namespace);
    meta.remove("uid");
    String kind = object.path("kind").asText();
    String key = kind + "/" + namespace + "/" + NAME;
    DecodedWorkload d = decoder.decode(kind, namespace, key, "ada", object);
    if (!(d instanceof DecodedWorkload.Gpu gpu)) {
      return null; // not a GPU workload (or not readable): the benchmark sends only GPU scope
    }
    String opa =
        JSON.writeValueAsString(
            java.util.Map.of("input", PolicyInputs.from(gpu.request(), snapshot, gpu.images())));
    return new Template(source, JSON.writeValueAsString(review(object, namespace)), opa);
  }

  /** Shaped like Reviews.create in admission-webhook's tests (kube-apiserver's own shape). */
  private static ObjectNode review(ObjectNode object, String namespace) {
    String apiVersion = object.path("apiVersion").asText("v1");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    String kind = object.path("kind").asText();
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode req = review.putObject("request");
    req.put("uid", UID);
    req.putObject("kind").put("group", group).put("version", version).put("kind", kind);
    req.putObject("resource")
        .put("group", group)
        .put("version", version)
        .put("resource", kind.toLowerCase(Locale.ROOT) + "s");
    req.put("name", NAME);
    req.put("namespace", namespace);
    req.put("operation", "CREATE");
    ObjectNode user = req.putObject("userInfo");
    user.put("username", "ada");
    user.putArray("groups").add("nlp").add("system:authenticated");
    req.set("object", object);
    req.put("dryRun", false);
    return review;
  }
}
