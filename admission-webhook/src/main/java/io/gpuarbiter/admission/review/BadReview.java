package io.gpuarbiter.admission.review;

/**
 * A body that is not a usable AdmissionReview: answered with an HTTP 4xx and this message, and
 * nothing is decided or written.
 */
public final class BadReview extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  public BadReview(int status, String message) {
    super(message);
    this.status = status;
  }

  /** 400 for malformed input, 413 for a body over the limit. */
  public int status() {
    return status;
  }
}
