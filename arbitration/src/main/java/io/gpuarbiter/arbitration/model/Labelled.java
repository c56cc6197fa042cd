package io.gpuarbiter.arbitration.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An enum spelled in YAML, labels and the API as lowercase words joined by '-'. */
public interface Labelled {
  String name();

  /** E.g. {@code TIME_SLICING} → {@code time-slicing}. */
  default String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E extends Labelled> Optional<E> find(E[] values, String label) {
    return Arrays.stream(values).filter(v -> v.label().equals(label)).findFirst();
  }
}
