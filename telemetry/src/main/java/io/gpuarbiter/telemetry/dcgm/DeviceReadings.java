package io.gpuarbiter.telemetry.dcgm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One reading per device (a whole GPU, or one MIG instance) from a scrape's samples, whatever the
 * number of pods it was reported for. dcgm-exporter reports a GPU shared by time-slicing once per
 * pod on it, every copy carrying the device's value: summing those copies would count the device as
 * many times as it has pods. Here each device's value of a metric counts once, and the pods on it
 * are listed beside it; attribution splits the device among them later.
 */
public final class DeviceReadings {
  private DeviceReadings() {}

  /**
   * @param values each metric's value for the device, once
   * @param pods the pods the exporter attributed the device to (empty: no pod held it)
   * @param disagreeing series of this device whose value differed from the one kept (copies of a
   *     shared device should be equal; the largest is kept, and the count says it happened)
   */
  public record Reading(
      Device device,
      Map<DcgmMetric, Double> values,
      Set<PodRef> pods,
      Instant at,
      int disagreeing) {
    public Reading {
      values = java.util.Collections.unmodifiableMap(new EnumMap<>(values));
      pods = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(pods));
    }

    public Optional<Double> value(DcgmMetric metric) {
      return Optional.ofNullable(values.get(metric));
    }
  }

  public static List<Reading> of(List<GpuSample> samples) {
    Map<Device, Builder> byDevice = new LinkedHashMap<>();
    for (GpuSample s : samples) {
      byDevice.computeIfAbsent(s.device(), d -> new Builder(d, s.at())).add(s);
    }
    List<Reading> out = new ArrayList<>(byDevice.size());
    byDevice.values().forEach(b -> out.add(b.build()));
    return out;
  }

  private static final class Builder {
    final Device device;
    final Instant at;
    final Map<DcgmMetric, Double> values = new EnumMap<>(DcgmMetric.class);
    final Set<PodRef> pods = new LinkedHashSet<>();
    int disagreeing;

    Builder(Device device, Instant at) {
      this.device = device;
      this.at = at;
    }

    void add(GpuSample s) {
      s.pod().ifPresent(pods::add);
      Double before = values.get(s.metric());
      if (before == null) {
        values.put(s.metric(), s.value());
      } else if (before != s.value()) {
        disagreeing++;
        values.put(s.metric(), Math.max(before, s.value()));
      }
    }

    Reading build() {
      return new Reading(device, values, pods, at, disagreeing);
    }
  }
}
