package io.gpuarbiter.admission.mutate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * GPU-model selectors in vocabularies other than the pool's ({@code nvidia.com/gpu.product}): GKE's
 * {@code cloud.google.com/gke-accelerator} (also KServe's {@code serving.kserve.io/gke-accelerator}
 * annotation) and Karpenter's {@code karpenter.k8s.aws/instance-gpu-name}. Each value is reduced to
 * its GPU family ({@code nvidia-tesla-t4} → {@code t4}, {@code NVIDIA-H100-80GB-HBM3} → {@code
 * h100}) so that a selector that can never match the admitted pool's nodes is seen.
 */
public final class AcceleratorSelectors {
  /** Node labels that name a GPU model. */
  public static final List<String> NODE_LABELS =
      List.of("cloud.google.com/gke-accelerator", "karpenter.k8s.aws/instance-gpu-name");

  /** KServe's annotation, turned into the GKE node selector by KServe. */
  public static final String KSERVE_ANNOTATION = "serving.kserve.io/gke-accelerator";

  /** The label the pools' node selectors use. */
  public static final String PRODUCT_LABEL = "nvidia.com/gpu.product";

  private static final Pattern FAMILY = Pattern.compile("[a-z]{1,2}[0-9]{1,3}[a-z]?");

  private AcceleratorSelectors() {}

  /** The GPU family a label value names, e.g. {@code t4}, {@code a100}, {@code l40s}. */
  public static Optional<String> family(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (String token : value.toLowerCase(Locale.ROOT).split("[-_ ./]")) {
      if (FAMILY.matcher(token).matches()) {
        return Optional.of(token);
      }
    }
    return Optional.empty();
  }
}
