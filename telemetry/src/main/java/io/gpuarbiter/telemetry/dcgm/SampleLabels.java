package io.gpuarbiter.telemetry.dcgm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A metric name, its labels and a value, as dcgm-exporter names them, into a {@link GpuSample}: the
 * same reading whether the sample came from the exporter's own endpoint or through Prometheus.
 */
final class SampleLabels {
  private SampleLabels() {}

  /**
   * Adds the sample to {@code out}, or says why it is skipped.
   *
   * @return null when the sample was added
   */
  static SkipReason read(
      String name, Map<String, String> l, double value, Instant at, List<GpuSample> out) {
    Optional<DcgmMetric> metric = DcgmMetric.byExporterName(name);
    if (metric.isEmpty()) {
      return SkipReason.UNUSED_METRIC;
    }
    String uuid = l.get("UUID");
    String gpu = l.get("gpu");
    if (uuid == null || uuid.isEmpty() || gpu == null || gpu.isEmpty()) {
      return SkipReason.MISSING_DEVICE_LABEL;
    }
    if (!Double.isFinite(value)) {
      return SkipReason.NOT_A_NUMBER;
    }
    if (value < 0) {
      return SkipReason.NEGATIVE_VALUE;
    }
    Optional<Device.Mig> mig =
        nonEmpty(l.get("GPU_I_PROFILE"))
            .map(p -> new Device.Mig(p, l.getOrDefault("GPU_I_ID", "")));
    String host = nonEmpty(l.get("Hostname")).or(() -> nonEmpty(l.get("hostname"))).orElse("");
    Device device = new Device(host, gpu, uuid, l.getOrDefault("modelName", ""), mig);
    out.add(new GpuSample(metric.get(), device, pod(l), value, at));
    return null;
  }

  /**
   * The workload's pod: {@code exported_*} first (a ServiceMonitor with honorLabels off renames the
   * exporter's own labels so, and {@code pod} is then the exporter's pod), else the labels
   * dcgm-exporter set from the kubelet's pod-resources API.
   */
  private static Optional<PodRef> pod(Map<String, String> l) {
    Optional<String> exported = nonEmpty(l.get("exported_pod"));
    if (exported.isPresent()) {
      return Optional.of(
          new PodRef(
              l.getOrDefault("exported_namespace", ""),
              exported.get(),
              l.getOrDefault("exported_container", "")));
    }
    return nonEmpty(l.get("pod"))
        .map(p -> new PodRef(l.getOrDefault("namespace", ""), p, l.getOrDefault("container", "")));
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
