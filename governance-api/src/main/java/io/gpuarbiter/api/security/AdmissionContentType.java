package io.gpuarbiter.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The admission webhook takes the body as bytes (so that every malformed review gets its precise
 * 400), which would let any Content-Type through: AdmissionReviews are JSON, so anything else is
 * answered 415 before the body is read, as the API's JSON endpoints do.
 */
@ServerFilter("/admission/**")
public class AdmissionContentType {
  @RequestFilter
  @Nullable
  public HttpResponse<byte[]> onlyJson(HttpRequest<?> request) {
    Optional<MediaType> type = request.getContentType();
    if (type.isPresent() && type.get().getName().equalsIgnoreCase(MediaType.APPLICATION_JSON)) {
      return null; // parameters such as charset=utf-8 are fine
    }
    String got = type.map(MediaType::toString).orElse("none");
    String body =
        "{\"status\":415,\"message\":\"Content-Type: expected application/json, got "
            + got.replaceAll("[^A-Za-z0-9/.+;= -]", "?")
            + "\"}";
    return HttpResponse.<byte[]>status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(body.getBytes(StandardCharsets.UTF_8));
  }
}
