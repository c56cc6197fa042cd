package io.gpuarbiter.api.requests;

import io.gpuarbiter.api.database.DatabaseGate;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read or write the database could not serve (the stores wrap the SQL failure in an {@link
 * IllegalStateException}) is a 503 naming the outage, never a 500: the API is unavailable while the
 * database is, and answers again when it is back. Anything else that reaches here is a bug, logged
 * and answered 500 with no detail.
 */
@Produces
@Singleton
public class DatabaseErrors
    implements ExceptionHandler<IllegalStateException, HttpResponse<Problems.Problem>> {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseErrors.class);
  private final DatabaseGate gate;

  DatabaseErrors(DatabaseGate gate) {
    this.gate = gate;
  }

  @Override
  public HttpResponse<Problems.Problem> handle(HttpRequest request, IllegalStateException e) {
    Optional<DatabaseGate.Outage> outage = gate.outage();
    if (outage.isPresent() || causedBySql(e)) {
      String why = outage.map(DatabaseGate.Outage::describe).orElse(e.getMessage());
      return Problems.of(503, "database.unavailable", why).header("Retry-After", "5");
    }
    LOG.error("unexpected error answering {} {}", request.getMethod(), request.getPath(), e);
    return Problems.of(500, "internal", "internal error; the service log has the details");
  }

  private static boolean causedBySql(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        return true;
      }
    }
    return false;
  }
}
