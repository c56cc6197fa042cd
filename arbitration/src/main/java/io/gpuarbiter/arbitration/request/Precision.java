package io.gpuarbiter.arbitration.request;

import java.util.Locale;
import java.util.Optional;

/** Numeric precision of model weights, for inference sizing: bytes per parameter. */
public enum Precision {
  FP32(4.0),
  FP16(2.0),
  BF16(2.0),
  FP8(1.0),
  INT8(1.0),
  INT4(0.5);

  private final double bytesPerParam;

  Precision(double bytesPerParam) {
    this.bytesPerParam = bytesPerParam;
  }

  public double bytesPerParam() {
    return bytesPerParam;
  }

  /** Parses {@code bf16}, {@code FP8}, {@code int4} …; unknown spellings are empty. */
  public static Optional<Precision> parse(String text) {
    String key = text.trim().toUpperCase(Locale.ROOT);
    for (Precision p : values()) {
      if (p.name().equals(key)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
