package io.gpuarbiter.utilization.findings;

import java.time.Duration;
import java.time.Instant;

/**
 * A histogram of GPUe values whose samples lose half their weight every half-life, as in the
 * Kubernetes Vertical Pod Autoscaler's recommender: recent demand counts most, old demand fades but
 * is not forgotten at once. Buckets are {@code step} GPUe wide; a percentile is the upper edge of
 * the bucket where the cumulative weight reaches it. Weights are kept relative to a fixed reference
 * instant, so adding samples in any order gives the same histogram.
 */
final class DecayingHistogram {
  private final double step;
  private final double[] weights;
  private final Instant reference;
  private final double halfLifeSeconds;
  private double total;

  DecayingHistogram(double step, double max, Instant reference, Duration halfLife) {
    this.step = step;
    this.weights = new double[(int) Math.ceil(max / step) + 1];
    this.reference = reference;
    this.halfLifeSeconds = halfLife.toSeconds();
  }

  void add(double value, Instant at) {
    double age = Duration.between(at, reference).toSeconds();
    double w = Math.pow(0.5, age / halfLifeSeconds);
    int i = Math.min(weights.length - 1, (int) Math.floor(Math.max(0, value) / step));
    weights[i] += w;
    total += w;
  }

  boolean isEmpty() {
    return total <= 0;
  }

  /** The value below which {@code q} (0–1) of the weight lies. */
  double percentile(double q) {
    double target = q * total;
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      if (sum >= target && weights[i] > 0) {
        return (i + 1) * step;
      }
    }
    return weights.length * step;
  }
}
