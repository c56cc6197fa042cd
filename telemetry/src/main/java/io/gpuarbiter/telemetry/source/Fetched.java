package io.gpuarbiter.telemetry.source;

import io.gpuarbiter.telemetry.dcgm.Exposition;

/** What one read of a telemetry source gave: samples, or why there are none this time. */
public sealed interface Fetched {
  /** The source answered; its samples and skipped lines. */
  record Read(Exposition exposition) implements Fetched {}

  /**
   * The source did not answer usefully: {@code kind} is {@code unreachable}, {@code timeout},
   * {@code http-<status>}, or, from Prometheus, its own {@code errorType}.
   */
  record Failed(String kind, String detail) implements Fetched {}
}
