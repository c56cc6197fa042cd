package io.gpuarbiter.utilization.findings;

import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.utilization.rollup.Scope;
import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quota rightsizing per team × pool with the VPA recommender's maths applied to guarantees: each
 * bucket's used GPUe (active GPUe-seconds ÷ bucket width, summed over the team's workloads in the
 * pool) goes into a histogram decaying with a 24 h half-life; target = p90 × (1 + margin), lower =
 * p50 × (1 + margin) × (1 + 0.001/d)^-2, upper = p95 × (1 + margin) × (1 + 1/d), d the days of
 * history (the confidence). A proposal only when at least {@code minHistory} of data exists and the
 * guarantee in force lies outside [lower, upper]. Buckets with unobserved allocation are left out:
 * unknown demand is not low demand. Formulas in docs/utilization.md.
 */
public final class QuotaRightsizing {
  /** The VPA recommender's half-life for usage samples. */
  public static final Duration HALF_LIFE = Duration.ofHours(24);

  private QuotaRightsizing() {}

  /** Which way the proposal goes. */
  public enum Direction {
    DECREASE,
    INCREASE
  }

  public record Recommendation(
      String team,
      String pool,
      double guaranteed,
      double target,
      double lower,
      double upper,
      double daysOfHistory,
      Direction direction) {}

  public static List<Recommendation> find(
      List<UsageBucket> buckets,
      GovernanceModel model,
      Duration width,
      Instant now,
      Duration minHistory,
      double margin) {
    Map<String, Map<Instant, double[]>> byQuota = new TreeMap<>();
    for (UsageBucket b : buckets) {
      if (b.scope() == Scope.WORKLOAD && !b.start().isAfter(now)) {
        double[] s =
            byQuota
                .computeIfAbsent(b.team() + "\u0000" + b.pool(), k -> new HashMap<>())
                .computeIfAbsent(b.start(), k -> new double[2]);
        s[0] += b.active();
        s[1] += b.unobserved();
      }
    }
    List<Recommendation> out = new ArrayList<>();
    for (Quota q : model.quotas()) {
      Map<Instant, double[]> series =
          byQuota.getOrDefault(q.team().value() + "\u0000" + q.pool().value(), Map.of());
      double capacity = model.pool(q.pool()).map(p -> p.capacity().asDouble()).orElse(0.0);
      recommend(q, series, capacity, width, now, minHistory, margin).ifPresent(out::add);
    }
    return out;
  }

  private static java.util.Optional<Recommendation> recommend(
      Quota q,
      Map<Instant, double[]> series,
      double capacity,
      Duration width,
      Instant now,
      Duration minHistory,
      double margin) {
    DecayingHistogram h = new DecayingHistogram(0.1, Math.max(capacity, 1), now, HALF_LIFE);
    Instant first = null;
    for (Map.Entry<Instant, double[]> e : series.entrySet()) {
      if (e.getValue()[1] > 0) {
        continue;
      }
      h.add(e.getValue()[0] / width.toSeconds(), e.getKey());
      first = first == null || e.getKey().isBefore(first) ? e.getKey() : first;
    }
    if (first == null || Duration.between(first, now).compareTo(minHistory) < 0) {
      return java.util.Optional.empty();
    }
    double days = Duration.between(first, now).toSeconds() / 86400.0;
    double target = h.percentile(0.90) * (1 + margin);
    double lower = h.percentile(0.50) * (1 + margin) * Math.pow(1 + 0.001 / days, -2);
    double upper = h.percentile(0.95) * (1 + margin) * (1 + 1 / days);
    double g = q.guaranteed().asDouble();
    Direction d = g > upper ? Direction.DECREASE : g < lower ? Direction.INCREASE : null;
    if (d == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Recommendation(q.team().value(), q.pool().value(), g, target, lower, upper, days, d));
  }
}
