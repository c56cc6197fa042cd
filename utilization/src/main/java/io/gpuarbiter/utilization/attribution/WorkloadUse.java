package io.gpuarbiter.utilization.attribution;

import io.gpuarbiter.arbitration.snapshot.Charge;
import java.util.Optional;

/**
 * What one charged workload's devices did in one reading, its share of each shared device counted.
 *
 * @param activity engine-active fraction over the devices whose activity is known, weighted by the
 *     workload's share of each; empty when none of its devices reported it
 * @param deviceShares how many devices the workload held (a device shared by n pods counts 1/n)
 * @param memoryMiB framebuffer used, its share of each device
 * @param watts board power, its share of each device
 * @param joules energy since the previous reading, its share of each device
 */
public record WorkloadUse(
    Charge charge,
    Optional<Double> activity,
    double deviceShares,
    double memoryMiB,
    double watts,
    double joules) {}
