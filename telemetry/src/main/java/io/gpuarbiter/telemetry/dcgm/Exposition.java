package io.gpuarbiter.telemetry.dcgm;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one exposition (a scrape of one exporter) held: the samples read, and the lines skipped. */
public record Exposition(List<GpuSample> samples, Map<SkipReason, Long> skipped) {
  public Exposition {
    samples = List.copyOf(samples);
    EnumMap<SkipReason, Long> copy = new EnumMap<>(SkipReason.class);
    copy.putAll(skipped);
    skipped = java.util.Collections.unmodifiableMap(copy);
  }

  public long skipped(SkipReason reason) {
    return skipped.getOrDefault(reason, 0L);
  }
}
