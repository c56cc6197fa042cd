package io.gpuarbiter.arbitration.approval;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a quota decrease may set a guarantee below what the team already uses in the pool.
 * Refused unless asked for explicitly (GCP's {@code allow-quota-decrease-below-usage} is the
 * anchor): a decrease applies at once, so a mistaken one must not silently squeeze running work.
 * When allowed, nothing running is evicted; the team's new work is decided against the smaller
 * guarantee (borrowing, then approval) until its usage falls below it.
 */
public enum BelowUsage {
  REFUSE("refuse"),
  ALLOW("allow");

  private final String label;

  BelowUsage(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<BelowUsage> fromLabel(String label) {
    return Arrays.stream(values()).filter(b -> b.label.equals(label)).findFirst();
  }
}
