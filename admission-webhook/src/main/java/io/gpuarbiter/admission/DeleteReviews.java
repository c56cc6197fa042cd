package io.gpuarbiter.admission;

/**
 * What a validated (not dry-run) DELETE review of a GPU workload does with its charge. A DELETE
 * review says the API server is about to delete the object, not that it did (another webhook may
 * refuse, finalizers may hold it), and anyone who can reach the webhook could send one: where the
 * cluster can be asked, the charge is released only once the object is confirmed gone.
 */
@FunctionalInterface
public interface DeleteReviews {
  void reviewed(String workloadKey, ReviewContext context);

  /** Without a cluster to ask (the embedded default): the review releases the charge. */
  static DeleteReviews releaseAtOnce(Arbiter arbiter) {
    return arbiter::release;
  }
}
