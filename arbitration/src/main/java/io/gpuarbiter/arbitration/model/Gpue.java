package io.gpuarbiter.arbitration.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * GPU-equivalents, the one quota unit: a whole GPU is 1. Held as millionths so that sums are exact;
 * fractions that do not divide evenly (a 1g MIG slice is 1/7) round <em>up</em>, so a workload is
 * never charged less than it takes.
 */
public record Gpue(long micros) implements Comparable<Gpue> {
  public static final long MICROS_PER_GPU = 1_000_000L;
  public static final Gpue ZERO = new Gpue(0);

  public Gpue {
    if (micros < 0) {
      throw new IllegalArgumentException("GPUe cannot be negative: " + micros + "µ");
    }
  }

  public static Gpue ofWhole(long gpus) {
    return new Gpue(Math.multiplyExact(gpus, MICROS_PER_GPU));
  }

  /** {@code numerator/denominator} GPUs, rounded up to the next millionth. */
  public static Gpue ofRatio(long numerator, long denominator) {
    if (denominator <= 0) {
      throw new IllegalArgumentException("denominator must be positive");
    }
    return new Gpue(ceilDiv(Math.multiplyExact(numerator, MICROS_PER_GPU), denominator));
  }

  /** Parses a decimal such as {@code 2.5}; more than six decimals round up. */
  public static Gpue parse(String text) {
    BigDecimal value = new BigDecimal(text.trim());
    if (value.signum() < 0) {
      throw new IllegalArgumentException("GPUe cannot be negative: " + text);
    }
    return new Gpue(value.movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact());
  }

  public Gpue plus(Gpue other) {
    return new Gpue(Math.addExact(micros, other.micros));
  }

  /** Subtraction that stops at zero: releasing more than was charged leaves nothing. */
  public Gpue minusOrZero(Gpue other) {
    return new Gpue(Math.max(0, micros - other.micros));
  }

  public Gpue times(long factor) {
    return new Gpue(Math.multiplyExact(micros, factor));
  }

  public Gpue min(Gpue other) {
    return micros <= other.micros ? this : other;
  }

  public Gpue max(Gpue other) {
    return micros >= other.micros ? this : other;
  }

  public boolean isZero() {
    return micros == 0;
  }

  public boolean exceeds(Gpue other) {
    return micros > other.micros;
  }

  public double asDouble() {
    return micros / (double) MICROS_PER_GPU;
  }

  @Override
  public int compareTo(Gpue other) {
    return Long.compare(micros, other.micros);
  }

  /** Plain decimal without trailing zeros, e.g. {@code 2.5}, {@code 0.142858}. */
  @Override
  public String toString() {
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
  }

  private static long ceilDiv(long a, long b) {
    return Math.floorDiv(a + b - 1, b);
  }
}
