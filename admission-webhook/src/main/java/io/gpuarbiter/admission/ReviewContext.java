package io.gpuarbiter.admission;

import java.util.List;

/**
 * Where a request came from, for the ledger and for idempotency, and what the webhook saw of the
 * workload beyond its GPU request.
 *
 * @param reviewUid the AdmissionReview's uid: a retry carries the same one
 * @param operation CREATE, UPDATE or DELETE
 * @param username the Kubernetes user who made the API request
 * @param images container images of the workload's pods (for the registry policy)
 * @param apiVersion the workload's apiVersion (to find it again through the Kubernetes API)
 * @param fingerprint digest of what the review asks about ({@code ReviewRequest.fingerprint()}): a
 *     remembered answer is given again only to a review with the same uid and fingerprint
 */
public record ReviewContext(
    String reviewUid,
    String operation,
    String username,
    List<String> images,
    String apiVersion,
    String fingerprint) {
  public ReviewContext {
    images = List.copyOf(images);
  }

  public ReviewContext(String reviewUid, String operation, String username) {
    this(reviewUid, operation, username, List.of(), "", "");
  }

  /** The same context with what the webhook saw of the workload. */
  public ReviewContext seeing(List<String> workloadImages, String workloadApiVersion) {
    return new ReviewContext(
        reviewUid, operation, username, workloadImages, workloadApiVersion, fingerprint);
  }

  /** The same context for a review with this fingerprint. */
  public ReviewContext withFingerprint(String reviewFingerprint) {
    return new ReviewContext(reviewUid, operation, username, images, apiVersion, reviewFingerprint);
  }
}
