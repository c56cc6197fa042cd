package io.gpuarbiter.api.requests;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A version the ledger recorded but the store has not yet taken is a 503 (retry the read), never a
 * 500: the change is durable and {@link RequestJournal#reconcile} brings the store up to it.
 */
@Produces
@Singleton
public class JournalErrors
    implements ExceptionHandler<RequestJournal.StoreBehind, HttpResponse<Problems.Problem>> {

  @Override
  public HttpResponse<Problems.Problem> handle(HttpRequest request, RequestJournal.StoreBehind e) {
    return Problems.of(503, "request.store-behind", e.getMessage()).header("Retry-After", "10");
  }
}
