package io.gpuarbiter.api.ledger;

import io.gpuarbiter.ledger.LedgerInputException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/** Turns the ledger's input errors into 404 (no such entry or size) and 400 (bad arguments). */
@Produces
@Singleton
@Requires(classes = {LedgerInputException.class, ExceptionHandler.class})
public class LedgerErrors
    implements ExceptionHandler<LedgerInputException, HttpResponse<LedgerErrors.Problem>> {

  /** The error body. */
  @Serdeable
  public record Problem(int status, String message) {}

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, LedgerInputException e) {
    if (e instanceof LedgerInputException.NotFound) {
      return HttpResponse.notFound(new Problem(404, e.getMessage()));
    }
    return HttpResponse.badRequest(new Problem(400, e.getMessage()));
  }
}
