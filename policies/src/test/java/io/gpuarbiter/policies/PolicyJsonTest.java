package io.gpuarbiter.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbitration.policy.PolicyOutcome.Enforcement;
import org.junit.jupiter.api.Test;

class PolicyJsonTest {
  private static final String RESULT =
      """
      {"outcomes": [
         {"policy": "require-team", "version": "1.0.0", "enforcement": "warn", "message": "b"},
         {"policy": "allowed-image-registries", "version": "1.1.0", "enforcement": "deny",
          "message": "a"}],
       "policies": [{"name": "require-team", "version": "1.0.0", "enforcement": "warn"}]}
      """;

  @Test
  void resultDocumentBecomesSortedFindings() {
    PolicyResult result = PolicyJson.result(PolicyJson.readTree(RESULT), "sha256:x");
    assertThat(result.findings())
        .extracting(PolicyFinding::policy)
        .containsExactly("allowed-image-registries", "require-team");
    assertThat(result.findings().get(1).enforcement()).isEqualTo(Enforcement.WARN);
    assertThat(result.denies()).isTrue();
    assertThat(result.outcomes().get(0).message()).isEqualTo("a");
    assertThat(result.policies())
        .containsExactly(new PolicyInfo("require-team", "1.0.0", Enforcement.WARN));
    assertThat(result.bundleDigest()).isEqualTo("sha256:x");
  }

  @Test
  void undefinedResultIsAnError() {
    assertThatThrownBy(() -> PolicyJson.result(PolicyJson.readTree("{}").get("result"), "d"))
        .isInstanceOfSatisfying(
            PolicyEvaluationException.class,
            e -> assertThat(e.kind()).isEqualTo(PolicyEvaluationException.Kind.BAD_RESULT));
  }

  @Test
  void unknownEnforcementIsAnError() {
    String bad = RESULT.replace("\"warn\", \"message\"", "\"block\", \"message\"");
    assertThatThrownBy(() -> PolicyJson.result(PolicyJson.readTree(bad), "d"))
        .hasMessageContaining("unknown enforcement action block");
  }

  @Test
  void notJsonIsAnError() {
    assertThatThrownBy(() -> PolicyJson.readTree("<html>"))
        .isInstanceOf(PolicyEvaluationException.class);
  }
}
