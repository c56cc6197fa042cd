package io.gpuarbiter.utilization.findings;

import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The bucket series the findings read: per key, oldest first, and the latest run of them. */
final class Runs {
  private Runs() {}

  /** The buckets {@code which} accepts, by key (sorted), each list oldest first. */
  static Map<String, List<UsageBucket>> byKey(
      List<UsageBucket> buckets, Predicate<UsageBucket> which) {
    Map<String, List<UsageBucket>> byKey = new TreeMap<>();
    for (UsageBucket b : buckets) {
      if (which.test(b)) {
        byKey.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(b);
      }
    }
    byKey.values().forEach(l -> l.sort(Comparator.comparing(UsageBucket::start)));
    return byKey;
  }

  /** The last {@code n} buckets of an oldest-first list; empty with fewer. */
  static Optional<List<UsageBucket>> last(List<UsageBucket> series, int n) {
    return series.size() < n
        ? Optional.empty()
        : Optional.of(series.subList(series.size() - n, series.size()));
  }

  /** The last {@code n} buckets when they follow each other {@code width} apart; else empty. */
  static Optional<List<UsageBucket>> lastRun(List<UsageBucket> series, Duration width, int n) {
    return last(series, n)
        .filter(run -> {
          Instant expected = run.get(0).start();
          for (UsageBucket b : run) {
            if (!b.start().equals(expected)) {
              return false;
            }
            expected = expected.plus(width);
          }
          return true;
        });
  }
}
