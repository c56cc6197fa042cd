package io.gpuarbiter.telemetry.dcgm;

/** Why a line of an exposition was not turned into a sample; every skip is counted. */
public enum SkipReason {
  /** Not a comment and not {@code name{labels} value [timestamp]}. */
  MALFORMED_LINE,
  /** A metric the utilization model does not read (temperatures, clocks, other fields). */
  UNUSED_METRIC,
  /** No {@code UUID} or no {@code gpu} label: the sample cannot be tied to a device. */
  MISSING_DEVICE_LABEL,
  /** NaN, ±Inf, or a number that does not parse. */
  NOT_A_NUMBER,
  /** Below zero, which none of these metrics can be. */
  NEGATIVE_VALUE,
  /** The same metric and labels again in one exposition: the first is kept. */
  DUPLICATE_SERIES
}
