package io.gpuarbiter.admission;

/**
 * Where a request came from, for the ledger and for idempotency.
 *
 * @param reviewUid the AdmissionReview's uid: a retry carries the same one
 * @param operation CREATE, UPDATE or DELETE
 * @param username the Kubernetes user who made the API request
 */
public record ReviewContext(String reviewUid, String operation, String username) {}
