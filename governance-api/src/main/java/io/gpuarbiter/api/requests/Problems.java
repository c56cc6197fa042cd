package io.gpuarbiter.api.requests;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/** Error answers of the requests API: a status, a stable code and a message with the facts. */
final class Problems {
  private Problems() {}

  /** The error body. */
  @Serdeable
  record Problem(int status, String code, String message) {}

  static MutableHttpResponse<Problem> of(int status, String code, String message) {
    return HttpResponse.<Problem>status(HttpStatus.valueOf(status))
        .body(new Problem(status, code, message));
  }
}
