package io.gpuarbiter.arbitration.snapshot;

/**
 * GPU-hours committed by a team in a pool during one budget period. Periods are fixed windows
 * counted from the epoch ({@code period = epochSecond / periodSeconds}), so every replica agrees on
 * them without coordination.
 */
public record HourUse(long period, double gpuHours) {}
