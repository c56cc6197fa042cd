package io.gpuarbiter.handoff.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rendered-vs-live comparison: server defaults are not drift, changed values are. */
class ComparisonTest {
  private static final Map<String, Object> RENDERED =
      Map.of(
          "spec",
          Map.of(
              "cohortName", "research",
              "resourceGroups", List.of(Map.of("nominalQuota", 12L)),
              "gpu", Map.of("quota", new BigDecimal("2.5"))));

  @Test
  void defaultsAddedByTheServerAreNotDrift() {
    Map<String, Object> live =
        Map.of(
            "spec",
            Map.of(
                "cohortName",
                "research",
                "stopPolicy",
                "None",
                "resourceGroups",
                List.of(Map.of("nominalQuota", 12, "extra", 1)),
                "gpu",
                Map.of("quota", 2.5)));
    assertThat(Comparison.firstDifference(RENDERED, live, "")).isEmpty();
  }

  @Test
  void aChangedValueIsReportedWithItsPointer() {
    Map<String, Object> live =
        Map.of(
            "spec",
            Map.of(
                "cohortName", "research",
                "resourceGroups", List.of(Map.of("nominalQuota", 99)),
                "gpu", Map.of("quota", 2.5)));
    Optional<String> d = Comparison.firstDifference(RENDERED, live, "");
    assertThat(d).contains("/spec/resourceGroups/0/nominalQuota");
    assertThat(Comparison.valueAt(live, d.get())).isEqualTo(99);
  }

  @Test
  void aRemovedFieldOrAnExtraListElementIsDrift() {
    Map<String, Object> missing =
        Map.of("spec", Map.of("resourceGroups", List.of(Map.of("nominalQuota", 12))));
    assertThat(Comparison.firstDifference(RENDERED, missing, "")).isPresent();
    Map<String, Object> longer =
        Map.of(
            "spec",
            Map.of(
                "cohortName", "research",
                "resourceGroups", List.of(Map.of("nominalQuota", 12), Map.of()),
                "gpu", Map.of("quota", 2.5)));
    assertThat(Comparison.firstDifference(RENDERED, longer, "")).contains("/spec/resourceGroups");
  }
}
