package io.gpuarbiter.policies;

import com.styra.opa.wasm.OpaPolicy;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates the bundle in process: the Rego library compiled to Wasm by the pinned OPA, run on
 * Chicory through opa-java-wasm. An {@code OpaPolicy} instance is single-threaded, so a pool holds
 * up to one instance per concurrent caller; each is loaded with the bundle's data once. (Not
 * opa-java-wasm's {@code OpaPolicyPool}: it resets an instance when it is returned, which drops the
 * data, so every later evaluation would run without the organisation's parameters.)
 */
public final class WasmPolicyEvaluator implements PolicyEvaluator {
  private final PolicyBundle bundle;
  private final BlockingQueue<OpaPolicy> idle = new LinkedBlockingQueue<>();
  private final AtomicInteger created = new AtomicInteger();
  private final int maxInstances;

  private WasmPolicyEvaluator(PolicyBundle bundle, int instances) {
    this.bundle = bundle;
    // Build and probe one instance now, so that a broken bundle fails here (and a reload keeps
    // the previous bundle) rather than on the first request.
    this.maxInstances = instances;
    idle.add(newPolicy(bundle));
    created.set(1);
  }

  /** The bundle built into this module's jar, one instance per available processor. */
  public static WasmPolicyEvaluator fromClasspath() {
    return of(PolicyBundle.fromClasspath());
  }

  /** The Wasm bundle in {@code file} (a {@code bundle-wasm.tar.gz}). */
  public static WasmPolicyEvaluator fromFile(Path file) {
    return of(PolicyBundle.fromFile(file));
  }

  /** This bundle, one Wasm instance per available processor. */
  public static WasmPolicyEvaluator of(PolicyBundle bundle) {
    return new WasmPolicyEvaluator(bundle, Runtime.getRuntime().availableProcessors());
  }

  @Override
  public PolicyResult evaluate(PolicyInput input) {
    String json = PolicyJson.write(input);
    OpaPolicy policy = borrow();
    String answer;
    try {
      answer = policy.evaluate(json);
    } catch (RuntimeException e) { // Chicory traps and opa-java-wasm builtin errors
      created.decrementAndGet(); // the instance's memory may be inconsistent: drop it
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.EVALUATION, String.valueOf(e.getMessage()), e);
    }
    idle.add(policy);
    // The Wasm ABI answers a result set: [{"result": <value of the entrypoint>}].
    var set = PolicyJson.readTree(answer);
    if (!set.isArray() || set.size() != 1) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.BAD_RESULT, "entrypoint undefined: " + answer);
    }
    return PolicyJson.result(set.get(0).get("result"), bundle.digest());
  }

  /**
   * An idle instance, a new one while fewer than the maximum exist, else the next one returned.
   * Waits in short polls so that a waiter notices when a dropped instance frees a slot.
   */
  private OpaPolicy borrow() {
    while (true) {
      OpaPolicy policy = idle.poll();
      if (policy != null) {
        return policy;
      }
      if (created.incrementAndGet() <= maxInstances) {
        try {
          return newPolicy(bundle);
        } catch (PolicyEvaluationException e) {
          created.decrementAndGet();
          throw e;
        }
      }
      created.decrementAndGet();
      try {
        policy = idle.poll(10, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PolicyEvaluationException(
            PolicyEvaluationException.Kind.EVALUATION,
            "interrupted waiting for a Wasm instance",
            e);
      }
      if (policy != null) {
        return policy;
      }
    }
  }

  @Override
  public String bundleDigest() {
    return bundle.digest();
  }

  @Override
  public void close() {
    idle.clear(); // instances hold only heap; callers still holding one finish normally
  }

  private static OpaPolicy newPolicy(PolicyBundle bundle) {
    try {
      OpaPolicy policy = OpaPolicy.builder().withPolicy(bundle.wasm()).build();
      policy.entrypoint(ENTRYPOINT);
      policy.data(bundle.dataJson());
      return policy;
    } catch (RuntimeException e) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.BUNDLE,
          "the Wasm bundle does not load: " + e.getMessage(),
          e);
    }
  }
}
