package io.gpuarbiter.arbitration.request;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Model-size hints of an inference workload, from the annotations {@code
 * gpu-arbiter.io/model-params} (e.g. {@code 7b}, {@code 70B}, {@code 1.5e9}, {@code 350m}) and
 * {@code gpu-arbiter.io/precision} (default bf16).
 */
public record ModelHint(double parameters, Precision precision) {
  public static final String PARAMS_ANNOTATION = "gpu-arbiter.io/model-params";
  public static final String PRECISION_ANNOTATION = "gpu-arbiter.io/precision";

  public ModelHint {
    if (!(parameters > 0) || Double.isInfinite(parameters)) {
      throw new IllegalArgumentException("model parameters must be positive: " + parameters);
    }
  }

  /** The hint in these annotations, if they carry a readable one. */
  public static Optional<ModelHint> fromAnnotations(Map<String, String> annotations) {
    String params = annotations.get(PARAMS_ANNOTATION);
    if (params == null) {
      return Optional.empty();
    }
    Optional<Double> count = parseParameters(params);
    Precision precision =
        Optional.ofNullable(annotations.get(PRECISION_ANNOTATION))
            .flatMap(Precision::parse)
            .orElse(Precision.BF16);
    return count.filter(c -> c > 0).map(c -> new ModelHint(c, precision));
  }

  static Optional<Double> parseParameters(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    double scale = 1;
    if (t.endsWith("t")) {
      scale = 1e12;
    } else if (t.endsWith("b")) {
      scale = 1e9;
    } else if (t.endsWith("m")) {
      scale = 1e6;
    } else if (t.endsWith("k")) {
      scale = 1e3;
    }
    String number = scale == 1 ? t : t.substring(0, t.length() - 1);
    try {
      double value = Double.parseDouble(number) * scale;
      return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // an unreadable hint is ignored, never fatal
    }
  }

  /** Bytes of the weights alone. */
  public double weightBytes() {
    return parameters * precision.bytesPerParam();
  }
}
