package io.gpuarbiter.telemetry.dcgm;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The DCGM exporter fields the utilization model reads, with the units the exporter uses. */
public enum DcgmMetric {
  /** Fraction of time the graphics engine was active, 0–1: the activity measure (MIG too). */
  GR_ENGINE_ACTIVE("DCGM_FI_PROF_GR_ENGINE_ACTIVE", Unit.FRACTION),
  /** Percent 0–100; reads 0 on MIG instances, so only a fallback for whole, non-MIG GPUs. */
  GPU_UTIL("DCGM_FI_DEV_GPU_UTIL", Unit.PERCENT),
  FB_USED("DCGM_FI_DEV_FB_USED", Unit.MEBIBYTES),
  FB_FREE("DCGM_FI_DEV_FB_FREE", Unit.MEBIBYTES),
  /** Board-level power draw. */
  POWER_USAGE("DCGM_FI_DEV_POWER_USAGE", Unit.WATTS),
  /** Energy since the driver loaded: a counter that restarts from 0 when the node reboots. */
  TOTAL_ENERGY_CONSUMPTION("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", Unit.MILLIJOULES);

  /** How a metric's values are to be read. */
  public enum Unit {
    FRACTION,
    PERCENT,
    MEBIBYTES,
    WATTS,
    MILLIJOULES
  }

  private static final Map<String, DcgmMetric> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(m -> m.exporterName, Function.identity()));

  private final String exporterName;
  private final Unit unit;

  DcgmMetric(String exporterName, Unit unit) {
    this.exporterName = exporterName;
    this.unit = unit;
  }

  /** The name dcgm-exporter gives the field, e.g. {@code DCGM_FI_DEV_FB_USED}. */
  public String exporterName() {
    return exporterName;
  }

  public Unit unit() {
    return unit;
  }

  /** Counters only grow, except when they restart; gauges are read as they are. */
  public boolean counter() {
    return this == TOTAL_ENERGY_CONSUMPTION;
  }

  public static Optional<DcgmMetric> byExporterName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
