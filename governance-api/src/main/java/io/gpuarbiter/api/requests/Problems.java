package io.gpuarbiter.api.requests;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/** Error answers of the requests API: a status, a stable code and a message with the facts. */
final class Problems {
  private Problems() {}

  /**
   * The error body.
   *
   * @param field the input field the problem is about (a refused body or query), else absent
   */
  @Serdeable
  record Problem(int status, String code, String message, @Nullable String field) {}

  static MutableHttpResponse<Problem> of(int status, String code, String message) {
    return HttpResponse.<Problem>status(HttpStatus.valueOf(status))
        .body(new Problem(status, code, message, null));
  }

  /** A 400 for an input refused with a message of the form {@code field: rule, got …}. */
  static MutableHttpResponse<Problem> invalid(IllegalArgumentException e) {
    String message = e.getMessage() == null ? "invalid input" : e.getMessage();
    int colon = message.indexOf(':');
    String field = colon > 0 && colon <= 64 ? message.substring(0, colon) : null;
    return HttpResponse.<Problem>status(HttpStatus.BAD_REQUEST)
        .body(new Problem(400, "request.invalid", message, field));
  }
}
