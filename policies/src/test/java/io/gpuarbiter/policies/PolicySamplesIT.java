package io.gpuarbiter.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.policy.PolicyOutcome.Enforcement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample of the library through both evaluators: in process (Wasm on Chicory) and remote (a
 * real {@code opa run --server} from the pinned binary, serving the Rego bundle). Both must return
 * the same result, digest included; allowed samples get nothing from their policy, denied ones a
 * deny.
 */
class PolicySamplesIT {
  private static WasmPolicyEvaluator wasm;
  private static OpaServer server;
  private static RemotePolicyEvaluator remote;

  @BeforeAll
  static void start() throws Exception {
    wasm = WasmPolicyEvaluator.fromFile(Samples.bundleDir().resolve("bundle-wasm.tar.gz"));
    server = OpaServer.start(Samples.bundleDir().resolve("bundle.tar.gz"));
    remote = new RemotePolicyEvaluator(server.uri(), Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (remote != null) {
      remote.close();
    }
    if (server != null) {
      server.close();
    }
    if (wasm != null) {
      wasm.close();
    }
  }

  static List<Samples> samples() {
    return Samples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void bothModesAgreeAndTheSampleMeansWhatItsFolderSays(Samples sample) {
    PolicyInput input = sample.input();
    PolicyResult inProcess = wasm.evaluate(input);
    PolicyResult viaServer = remote.evaluate(input);

    assertThat(viaServer).isEqualTo(inProcess);
    List<PolicyFinding> own =
        inProcess.findings().stream().filter(f -> f.policy().equals(sample.policy())).toList();
    if (sample.denied()) {
      assertThat(own).isNotEmpty().allMatch(f -> f.enforcement() == Enforcement.DENY);
      assertThat(own).allMatch(f -> f.version().equals("1.0.0") && !f.message().isBlank());
    } else {
      assertThat(own).isEmpty();
    }
  }

  @Test
  void everyPolicyOfTheBundleHasAllowedAndDeniedSamples() {
    Set<String> policies =
        wasm.evaluate(samples().get(0).input()).policies().stream()
            .map(PolicyInfo::name)
            .collect(Collectors.toSet());
    assertThat(policies).hasSize(8);
    for (boolean denied : new boolean[] {true, false}) {
      assertThat(
              samples().stream()
                  .filter(s -> s.denied() == denied)
                  .map(Samples::policy)
                  .collect(Collectors.toSet()))
          .containsAll(policies);
    }
  }

  @Test
  void bothModesReportTheDigestOfTheWasmBundle() {
    assertThat(remote.bundleDigest()).isEqualTo(wasm.bundleDigest()).startsWith("sha256:");
    try (WasmPolicyEvaluator packaged = WasmPolicyEvaluator.fromClasspath()) {
      assertThat(packaged.bundleDigest()).isEqualTo(wasm.bundleDigest());
    }
  }

  @Test
  void aRequestFromNowhereIsDeniedByBothModesAlike() {
    PolicyInput orphan =
        samples().stream()
            .filter(s -> s.policy().equals("require-team") && s.denied())
            .findFirst()
            .orElseThrow()
            .input();
    PolicyResult result = remote.evaluate(orphan);
    assertThat(result.denies()).isTrue();
    assertThat(result.outcomes()).extracting(o -> o.policy()).containsExactly("require-team");
  }
}
