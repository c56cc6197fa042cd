package io.gpuarbiter.arbitration.testing;

import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.PodSet;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fluent test requests: {@code Requests.aRequest().team("nlp").wholeGpus(2).build()}. Defaults: a
 * {@code PyTorchJob} labelled training in the team's namespace, one pod, one whole GPU, requested
 * by {@code alice}, with a fresh uid.
 */
public final class Requests {
  private static final AtomicLong SEQ = new AtomicLong();

  private String kind = "PyTorchJob";
  private String team = "nlp";
  private String name;
  private String uid;
  private Optional<WorkloadClass> cls = Optional.of(WorkloadClass.TRAINING);
  private final Map<String, String> labels = new HashMap<>();
  private final Map<String, String> annotations = new HashMap<>();
  private int pods = 1;
  private GpuDemand demand = new GpuDemand.WholeGpus(1);
  private List<PodSet> podSets;
  private Optional<Duration> maxRuntime = Optional.empty();
  private boolean checkpointing;
  private boolean preemptible;
  private Optional<UserId> requester = Optional.of(new UserId("alice"));
  private OptionalInt completions = OptionalInt.empty();
  private Optional<String> priorityClass = Optional.empty();

  private Requests() {}

  public static Requests aRequest() {
    return new Requests();
  }

  public Requests team(String value) {
    team = value;
    return this;
  }

  public Requests kind(String value) {
    kind = value;
    return this;
  }

  public Requests named(String value) {
    name = value;
    return this;
  }

  public Requests uid(String value) {
    uid = value;
    return this;
  }

  public Requests workloadClass(WorkloadClass value) {
    cls = Optional.of(value);
    return this;
  }

  /** No explicit class: classification rules (or denial) decide. */
  public Requests unclassified() {
    cls = Optional.empty();
    return this;
  }

  public Requests label(String key, String value) {
    labels.put(key, value);
    return this;
  }

  public Requests annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  public Requests pods(int value) {
    pods = value;
    return this;
  }

  public Requests wholeGpus(int perPod) {
    demand = new GpuDemand.WholeGpus(perPod);
    return this;
  }

  public Requests fraction(int milli) {
    demand = new GpuDemand.GpuFraction(milli);
    return this;
  }

  public Requests gpuMemory(long mib) {
    demand = new GpuDemand.GpuMemory(mib);
    return this;
  }

  public Requests mig(String profile, int count) {
    demand = new GpuDemand.MigSlices(profile, count);
    return this;
  }

  public Requests demand(GpuDemand value) {
    demand = value;
    return this;
  }

  public Requests podSets(PodSet... sets) {
    podSets = List.of(sets);
    return this;
  }

  public Requests maxRuntime(Duration value) {
    maxRuntime = Optional.of(value);
    return this;
  }

  public Requests checkpointing() {
    checkpointing = true;
    return this;
  }

  public Requests preemptible() {
    preemptible = true;
    return this;
  }

  public Requests requester(String value) {
    requester = Optional.ofNullable(value).map(UserId::new);
    return this;
  }

  public Requests completions(int value) {
    completions = OptionalInt.of(value);
    return this;
  }

  public Requests priorityClass(String value) {
    priorityClass = Optional.of(value);
    return this;
  }

  /** Model-size hints, as annotations. */
  public Requests model(String params, String precision) {
    annotations.put("gpu-arbiter.io/model-params", params);
    annotations.put("gpu-arbiter.io/precision", precision);
    return this;
  }

  public GpuRequest build() {
    long n = SEQ.incrementAndGet();
    String workloadName = name != null ? name : kind.toLowerCase() + "-" + n;
    String workloadUid = uid != null ? uid : "uid-" + n;
    return GpuRequest.builder()
        .workload(new WorkloadRef(kind, team, workloadName, workloadUid))
        .team(Optional.of(new TeamId(team)))
        .requester(requester)
        .explicitClass(cls)
        .labels(labels)
        .annotations(annotations)
        .podSets(podSets != null ? podSets : List.of(new PodSet("main", pods, demand)))
        .maxRuntime(maxRuntime)
        .checkpointing(checkpointing)
        .preemptible(preemptible)
        .completions(completions)
        .priorityClass(priorityClass)
        .build();
  }
}
