package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.Labelled;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses enum labels ({@code time-slicing}) and names the allowed values when one is wrong. */
final class Labels {
  private Labels() {}

  static <E extends Labelled> Function<String, E> of(E[] values, String what) {
    return text ->
        Labelled.find(values, text)
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "unknown "
                        + what
                        + " \""
                        + text
                        + "\" (expected one of "
                        + Arrays.stream(values)
                            .map(Labelled::label)
                            .collect(Collectors.joining(", "))
                        + ")"));
  }
}
