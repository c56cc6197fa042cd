package io.gpuarbiter.utilization.attribution;

import io.gpuarbiter.telemetry.dcgm.Device;
import io.gpuarbiter.telemetry.dcgm.PodRef;
import java.util.Optional;

/**
 * A pod the exporter saw on a GPU that no charge the arbiter holds accounts for: work that went
 * round the arbiter, or a workload released while its pods still run. Reported, never dropped.
 *
 * @param share the pod's share of the device (1/n on a device n pods share)
 */
public record Unattributed(
    Device device, PodRef pod, double share, Optional<Double> activity, double memoryMiB) {}
