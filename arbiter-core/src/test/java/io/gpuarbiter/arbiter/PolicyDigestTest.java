package io.gpuarbiter.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.admission.Arbitrated;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.model.ModelLoader;
import io.gpuarbiter.policies.PolicyEvaluator;
import io.gpuarbiter.policies.PolicyInput;
import io.gpuarbiter.policies.PolicyResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A decision names the bundle that evaluated it: when the evaluator swaps bundles (a reload in
 * {@code file} mode, a new bundle on the OPA server) the next decision records the new digest, not
 * the one in force when the snapshot was built.
 */
class PolicyDigestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AT_START = "sha256:" + "0".repeat(64);
  private static final String FIRST = "sha256:" + "a".repeat(64);
  private static final String SECOND = "sha256:" + "b".repeat(64);

  @Test
  void everyDecisionRecordsTheDigestOfTheBundleThatEvaluatedIt() throws Exception {
    SwappingEvaluator policies = new SwappingEvaluator(FIRST);
    RecordingLog log = new RecordingLog();
    SnapshotArbiter arbiter = arbiter(log, policies);

    Arbitrated before = arbiter.arbitrate(job("before"), context("uid-before"));
    policies.swapTo(SECOND);
    Arbitrated after = arbiter.arbitrate(job("after"), context("uid-after"));

    assertThat(before.decision().basis().policyDigest()).isEqualTo(FIRST);
    assertThat(after.decision().basis().policyDigest()).isEqualTo(SECOND);
    assertThat(log.records())
        .extracting(r -> recordedDigest(r.canonicalBody()))
        .containsExactly(FIRST, SECOND);
    assertThat(arbiter.preview(job("preview"), context("uid-preview")).basis().policyDigest())
        .isEqualTo(SECOND);
  }

  @Test
  void withoutABundleTheSnapshotDigestIsRecorded() throws Exception {
    RecordingLog log = new RecordingLog();
    SnapshotArbiter arbiter = arbiter(log, null);
    arbiter.arbitrate(job("plain"), context("uid-plain"));
    assertThat(log.records())
        .extracting(r -> recordedDigest(r.canonicalBody()))
        .containsExactly(AT_START);
  }

  private static SnapshotArbiter arbiter(RecordingLog log, PolicyEvaluator policies)
      throws Exception {
    var model = ModelLoader.load(Path.of("..", "deploy", "demo", "model.yaml")).model();
    return SnapshotArbiter.start(
        GovernanceSnapshot.of(model, AT_START),
        log,
        Clock.fixed(DemoArbiter.NOW, ZoneOffset.UTC),
        ApprovalDesk.NONE,
        policies);
  }

  private static String recordedDigest(byte[] body) {
    try {
      JsonNode entry = JSON.readTree(body);
      List<String> found = entry.findValuesAsText("policyDigest");
      assertThat(found).as("policyDigest fields in %s", entry).hasSize(1);
      return found.get(0);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ReviewContext context(String uid) {
    return new ReviewContext(uid, "CREATE", "ada");
  }

  private static GpuRequest job(String name) {
    return io.gpuarbiter.admission.testing.DemoJobs.pytorch(name, "nlp-train");
  }

  /** An evaluator whose bundle can be swapped between two requests, like a reload. */
  private static final class SwappingEvaluator implements PolicyEvaluator {
    private final AtomicReference<String> digest;

    SwappingEvaluator(String first) {
      this.digest = new AtomicReference<>(first);
    }

    void swapTo(String next) {
      digest.set(next);
    }

    @Override
    public PolicyResult evaluate(PolicyInput input) {
      return new PolicyResult(digest.get(), List.of(), List.of());
    }

    @Override
    public String bundleDigest() {
      return digest.get();
    }
  }
}
