package io.gpuarbiter.telemetry.dcgm;

import java.time.Instant;
import java.util.Optional;

/**
 * One value of one metric for one device, as read.
 *
 * @param pod the pod the exporter attributes it to; empty for a device no pod holds (idle) or an
 *     exporter without the pod mapping
 * @param at the sample's own timestamp if the exposition gave one, else the scrape's time
 */
public record GpuSample(
    DcgmMetric metric, Device device, Optional<PodRef> pod, double value, Instant at) {}
