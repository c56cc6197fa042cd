package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GPU resources one container (or a whole pod, after {@link #plus}/{@link #max}) asks for, read
 * from {@code resources.limits} (or {@code requests} where no limit is set), in every vocabulary
 * the device plugins use.
 */
final class ContainerAsk {
  /** More GPUs than any node has: a typo or an attack, never a real ask. */
  static final long MAX_GPUS = 1024;

  private static final Pattern MIG = Pattern.compile("nvidia\\.com/mig-(\\d+g\\.\\d+gb(?:\\+me)?)");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,12}");

  int wholeGpus;
  final Map<String, Integer> mig = new TreeMap<>();
  OptionalInt memoryPercentage = OptionalInt.empty();
  OptionalLong memoryMiB = OptionalLong.empty();
  OptionalInt cores = OptionalInt.empty();

  static ContainerAsk read(JsonNode container, String path) throws MalformedWorkload {
    ContainerAsk ask = new ContainerAsk();
    JsonNode resources = Shapes.object(container.path("resources"), path + ".resources");
    Map<String, JsonNode> values = new TreeMap<>();
    collect(Shapes.object(resources.path("requests"), path + ".resources.requests"), values);
    // limits win where both are set
    collect(Shapes.object(resources.path("limits"), path + ".resources.limits"), values);
    for (Map.Entry<String, JsonNode> e : values.entrySet()) {
      ask.add(e.getKey(), e.getValue(), path + ".resources." + e.getKey());
    }
    return ask;
  }

  boolean asksForGpus() {
    return wholeGpus > 0 || !mig.isEmpty();
  }

  boolean hasSharingModifiers() {
    return memoryPercentage.isPresent() || memoryMiB.isPresent() || cores.isPresent();
  }

  /** Containers that run side by side add up. */
  ContainerAsk plus(ContainerAsk other) {
    ContainerAsk sum = copy();
    sum.wholeGpus += other.wholeGpus;
    other.mig.forEach((p, n) -> sum.mig.merge(p, n, Integer::sum));
    sum.mergeModifiers(other);
    return sum;
  }

  /** Init containers run one at a time: the pod needs the larger of them and the rest. */
  ContainerAsk max(ContainerAsk other) {
    ContainerAsk m = copy();
    m.wholeGpus = Math.max(wholeGpus, other.wholeGpus);
    other.mig.forEach((p, n) -> m.mig.merge(p, n, Math::max));
    m.mergeModifiers(other);
    return m;
  }

  private void add(String resource, JsonNode value, String path) throws MalformedWorkload {
    Matcher mig = MIG.matcher(resource);
    switch (resource) {
      case "nvidia.com/gpu", "volcano.sh/vgpu-number" -> wholeGpus += count(value, path);
      case "nvidia.com/gpumem", "volcano.sh/vgpu-memory" ->
          memoryMiB = OptionalLong.of(bounded(value, path, 16L * 1024 * 1024));
      case "nvidia.com/gpumem-percentage" ->
          memoryPercentage = OptionalInt.of((int) bounded(value, path, 100));
      case "nvidia.com/gpucores", "volcano.sh/vgpu-cores" ->
          cores = OptionalInt.of((int) bounded(value, path, 100));
      default -> {
        if (mig.matches()) {
          this.mig.merge(mig.group(1), count(value, path), Integer::sum);
        } else if (resource.endsWith("/gpu")) {
          wholeGpus += count(value, path); // other vendors, DRA extended-resource names
        }
      }
    }
  }

  private static int count(JsonNode value, String path) throws MalformedWorkload {
    return (int) bounded(value, path, MAX_GPUS);
  }

  private static long bounded(JsonNode value, String path, long max) throws MalformedWorkload {
    String text = value.isTextual() ? value.asText().trim() : value.toString();
    if (!WHOLE_NUMBER.matcher(text).matches() || Long.parseLong(text) > max) {
      throw new MalformedWorkload(
          path + ": expected a whole number from 0 to " + max + ", got " + value);
    }
    return Long.parseLong(text);
  }

  private static void collect(JsonNode map, Map<String, JsonNode> into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      into.put(e.getKey(), e.getValue());
    }
  }

  private void mergeModifiers(ContainerAsk other) {
    if (other.memoryPercentage.isPresent()) {
      memoryPercentage = other.memoryPercentage;
    }
    if (other.memoryMiB.isPresent()) {
      memoryMiB = other.memoryMiB;
    }
    if (other.cores.isPresent()) {
      cores = other.cores;
    }
  }

  private ContainerAsk copy() {
    ContainerAsk c = new ContainerAsk();
    c.wholeGpus = wholeGpus;
    c.mig.putAll(mig);
    c.memoryPercentage = memoryPercentage;
    c.memoryMiB = memoryMiB;
    c.cores = cores;
    return c;
  }
}
