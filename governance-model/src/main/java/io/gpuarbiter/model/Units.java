package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.Gpue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the explicit units of the model file: GPUe ({@code 2.5}), memory ({@code 80Gi},
 * {@code 512Mi}), power ({@code 700W}, {@code 12kW}) and durations ({@code 720h}, {@code 30m},
 * {@code 14d}). Each throws {@link IllegalArgumentException} with a message fit for the user.
 */
final class Units {
  private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Mi|Gi|Ti)");
  private static final Pattern POWER = Pattern.compile("(\\d+(?:\\.\\d+)?)(W|kW|MW)");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");
  private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d{1,6})?");

  private Units() {}

  static Gpue gpue(String text) {
    if (!DECIMAL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "expected GPU-equivalents as a non-negative decimal (e.g. 2.5), got \"" + text + "\"");
    }
    return Gpue.parse(text);
  }

  /** Memory in MiB. */
  static long memoryMiB(String text) {
    Matcher m = MEMORY.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected memory with a unit Mi, Gi or Ti (e.g. 80Gi), got \"" + text + "\"");
    }
    long factor =
        switch (m.group(2)) {
          case "Mi" -> 1L;
          case "Gi" -> 1024L;
          default -> 1024L * 1024L;
        };
    return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)).longValue();
  }

  /** Power in watts. */
  static long watts(String text) {
    Matcher m = POWER.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected power with a unit W, kW or MW (e.g. 700W), got \"" + text + "\"");
    }
    long factor =
        switch (m.group(2)) {
          case "W" -> 1L;
          case "kW" -> 1_000L;
          default -> 1_000_000L;
        };
    return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)).longValue();
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration with a unit s, m, h or d (e.g. 720h), got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
