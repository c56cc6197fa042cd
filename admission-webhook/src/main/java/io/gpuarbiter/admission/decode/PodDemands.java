package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.PodSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a pod template into pod sets with per-pod GPU demand: whole GPUs, MIG slices, HAMi /
 * Volcano vGPU shares, KAI {@code gpu-fraction} / {@code gpu-memory} annotations and DRA claims. A
 * pod asking in two vocabularies (say a MIG slice and a whole GPU) becomes two pod sets of the same
 * size, so every part is charged.
 */
public final class PodDemands {
  static final String KAI_FRACTION = "gpu-fraction";

  /** A fraction's text: a plain decimal of bounded length, never an exponent. */
  private static final java.util.regex.Pattern FRACTION =
      java.util.regex.Pattern.compile("[0-9]{0,3}(\\.[0-9]{1,12})?");

  static final String KAI_MEMORY = "gpu-memory";
  static final String KAI_DEVICES = "gpu-fraction-num-devices";

  private PodDemands() {}

  public static List<PodSet> of(
      PodTemplate pod, JsonNode podSpec, String namespace, ClaimTemplates claims)
      throws MalformedWorkload {
    List<PodSet> sets = new ArrayList<>();
    if (pod.replicas() == 0) {
      return sets;
    }
    ContainerAsk ask = effectiveAsk(pod);
    String name = pod.podSet();
    if (ask.wholeGpus > 0) {
      GpuDemand whole =
          ask.hasSharingModifiers()
              ? new GpuDemand.HamiShare(
                  ask.wholeGpus, ask.memoryPercentage, ask.memoryMiB, ask.cores)
              : new GpuDemand.WholeGpus(ask.wholeGpus);
      sets.add(new PodSet(name, pod.replicas(), whole));
    }
    ask.mig.forEach((profile, n) ->
        sets.add(
            new PodSet(
                name + "/mig-" + profile, pod.replicas(), new GpuDemand.MigSlices(profile, n))));
    kaiShare(pod).forEach(d -> sets.add(new PodSet(name, pod.replicas(), d)));
    List<GpuDemand> dra = dra(podSpec, namespace, claims);
    boolean sizedElsewhere = !sets.isEmpty();
    dra.stream()
        // An unknown claim beside a sized GPU ask is some other device (NIC, IMEX channel).
        .filter(d -> !(sizedElsewhere && d instanceof GpuDemand.Unsized))
        .forEach(d -> sets.add(new PodSet(name + "/dra", pod.replicas(), d)));
    return sets;
  }

  private static ContainerAsk effectiveAsk(PodTemplate pod) throws MalformedWorkload {
    ContainerAsk running = new ContainerAsk();
    for (int i = 0; i < pod.containers().size(); i++) {
      running = running.plus(ContainerAsk.read(pod.containers().get(i), "containers[" + i + "]"));
    }
    ContainerAsk largestInit = new ContainerAsk();
    for (int i = 0; i < pod.initContainers().size(); i++) {
      JsonNode c = pod.initContainers().get(i);
      ContainerAsk ask = ContainerAsk.read(c, "initContainers[" + i + "]");
      if (c.path("restartPolicy").asText("").equals("Always")) {
        running = running.plus(ask); // a sidecar runs alongside the app containers
      } else {
        largestInit = largestInit.max(ask);
      }
    }
    return running.max(largestInit);
  }

  private static List<GpuDemand> kaiShare(PodTemplate pod) throws MalformedWorkload {
    JsonNode a = pod.annotations();
    List<GpuDemand> out = new ArrayList<>();
    if (a.has(KAI_FRACTION)) {
      int milli = fractionMilli(a.path(KAI_FRACTION).asText());
      int devices = a.has(KAI_DEVICES) ? wholeNumber(a, KAI_DEVICES, 16) : 1;
      for (int i = 0; i < devices; i++) {
        out.add(new GpuDemand.GpuFraction(milli));
      }
    } else if (a.has(KAI_MEMORY)) {
      out.add(new GpuDemand.GpuMemory(wholeNumber(a, KAI_MEMORY, 16L * 1024 * 1024)));
    }
    return out;
  }

  private static int wholeNumber(JsonNode annotations, String key, long max)
      throws MalformedWorkload {
    String text = annotations.path(key).asText().trim();
    if (!text.matches("\\d{1,9}") || Long.parseLong(text) == 0 || Long.parseLong(text) > max) {
      throw new MalformedWorkload(
          "annotations."
              + key
              + ": expected a whole number from 1 to "
              + max
              + ", got \""
              + text
              + "\"");
    }
    return Integer.parseInt(text);
  }

  private static int fractionMilli(String text) throws MalformedWorkload {
    try {
      // plain decimals only: "1e-999999999" would make setScale compute 10^999999999
      if (!FRACTION.matcher(text.trim()).matches()) {
        throw new NumberFormatException();
      }
      BigDecimal value = new BigDecimal(text.trim());
      if (value.signum() > 0 && value.compareTo(BigDecimal.ONE) <= 0) {
        return value.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).intValueExact();
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // falls through to the message below
    }
    throw new MalformedWorkload(
        "annotations." + KAI_FRACTION + ": expected a fraction in (0, 1], got \"" + text + "\"");
  }

  private static List<GpuDemand> dra(JsonNode podSpec, String namespace, ClaimTemplates claims) {
    List<GpuDemand> out = new ArrayList<>();
    for (JsonNode claim : podSpec.path("resourceClaims")) {
      Optional<String> template = text(claim, "resourceClaimTemplateName");
      Optional<String> direct = text(claim, "resourceClaimName");
      String kind = template.isPresent() ? "ResourceClaimTemplate" : "ResourceClaim";
      String name = template.or(() -> direct).orElse("");
      if (name.isEmpty()) {
        continue;
      }
      out.addAll(
          claims
              .demand(kind, namespace, name)
              .orElse(
                  List.of(
                      new GpuDemand.Unsized(
                          "the pod uses DRA "
                              + kind
                              + " "
                              + namespace
                              + "/"
                              + name
                              + ", which GPU Arbiter has not seen: create it before the pod"))));
    }
    return out;
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.path(field).isTextual() ? Optional.of(node.path(field).asText()) : Optional.empty();
  }
}
