package io.gpuarbiter.admission.decode;

/**
 * The object cannot be read as the workload its kind says it is, e.g. a negative replica count or a
 * GPU quantity that is not a whole number. The message names the field and the value, for the
 * denial the user sees.
 */
public final class MalformedWorkload extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedWorkload(String message) {
    super(message);
  }
}
