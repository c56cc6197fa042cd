package io.gpuarbiter.handoff.sync;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a live object still says what was rendered. The API server fills in defaults (Kueue's
 * {@code stopPolicy}, {@code flavorFungibility} …), so a live map may hold keys the rendering does
 * not: every rendered field must be present and equal, lists element by element, numbers by value
 * (a live {@code 12} may come back as an int, a long or a double).
 */
final class Comparison {
  private Comparison() {}

  /** The JSON pointer of the first rendered value the live value lacks or contradicts. */
  static Optional<String> firstDifference(Object desired, Object live, String path) {
    if (desired instanceof Map<?, ?> want) {
      if (!(live instanceof Map<?, ?> have)) {
        return Optional.of(path);
      }
      for (Map.Entry<?, ?> e : want.entrySet()) {
        Optional<String> d =
            firstDifference(e.getValue(), have.get(e.getKey()), path + "/" + e.getKey());
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (desired instanceof List<?> want) {
      if (!(live instanceof List<?> have) || have.size() != want.size()) {
        return Optional.of(path);
      }
      for (int i = 0; i < want.size(); i++) {
        Optional<String> d = firstDifference(want.get(i), have.get(i), path + "/" + i);
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (desired instanceof Number want && live instanceof Number have) {
      return number(want).compareTo(number(have)) == 0 ? Optional.empty() : Optional.of(path);
    }
    return desired == null || desired.equals(live) ? Optional.empty() : Optional.of(path);
  }

  private static BigDecimal number(Number n) {
    return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
  }

  /** The value at a JSON pointer of {@link #firstDifference}'s form, or null. */
  static Object valueAt(Object root, String pointer) {
    Object node = root;
    for (String step : pointer.substring(1).split("/")) {
      if (node instanceof Map<?, ?> map) {
        node = map.get(step);
      } else if (node instanceof List<?> list && step.matches("\\d+")) {
        int i = Integer.parseInt(step);
        node = i < list.size() ? list.get(i) : null;
      } else {
        return null;
      }
    }
    return node;
  }
}
