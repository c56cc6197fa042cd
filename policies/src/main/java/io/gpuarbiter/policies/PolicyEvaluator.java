package io.gpuarbiter.policies;

/**
 * Evaluates the policy bundle against one request. Implementations: {@link WasmPolicyEvaluator} (in
 * process, the default), {@link RemotePolicyEvaluator} (an OPA server or sidecar over its REST Data
 * API) and {@link ReloadingPolicyEvaluator} (swaps in a new bundle when its file changes).
 *
 * <p>Implementations are thread-safe. A policy verdict is a value, never an exception; an evaluator
 * that cannot evaluate (server down, broken bundle) throws {@link PolicyEvaluationException}, and
 * the caller decides whether that fails open or closed.
 */
public interface PolicyEvaluator extends AutoCloseable {

  /** The query path of the bundle's one entrypoint (package gpuarbiter.entrypoint, rule result). */
  String ENTRYPOINT = "gpuarbiter/entrypoint/result";

  /**
   * Evaluates every policy of the bundle.
   *
   * @throws PolicyEvaluationException when the bundle cannot be evaluated
   */
  PolicyResult evaluate(PolicyInput input);

  /** Digest of the bundle in force ({@code sha256:<hex>} of the Wasm bundle file). */
  String bundleDigest();

  /** Releases what the evaluator holds (Wasm instances, HTTP client); no-op by default. */
  @Override
  default void close() {}
}
