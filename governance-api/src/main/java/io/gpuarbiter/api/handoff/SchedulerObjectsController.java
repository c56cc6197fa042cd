package io.gpuarbiter.api.handoff;

import io.gpuarbiter.admission.LiveArbiter;
import io.gpuarbiter.api.security.Roles;
import io.gpuarbiter.handoff.SchedulerObjects;
import io.gpuarbiter.handoff.model.Target;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;

/**
 * The Kueue and KAI objects the governance model in force compiles to, as YAML an operator can
 * review and {@code kubectl apply}; no cluster needed.
 */
@Controller("/api/v1/scheduler-objects")
@Tag(name = "hand-off")
@Secured({Roles.VIEWER, Roles.REQUESTER, Roles.APPROVER, Roles.ADMIN, Roles.AUDITOR})
public class SchedulerObjectsController {
  private final LiveArbiter arbiter;
  private final Clock clock;

  SchedulerObjectsController(LiveArbiter arbiter, Clock clock) {
    this.arbiter = arbiter;
    this.clock = clock;
  }

  @Get(produces = "application/yaml")
  @Operation(summary = "Kueue (v1beta2) and KAI (v2) objects of the model in force, as YAML")
  public MutableHttpResponse<String> render(@QueryValue(defaultValue = "all") String target) {
    var parsed = Target.parse(target);
    if (parsed.isEmpty()) {
      return HttpResponse.<String>badRequest()
          .body("target: expected kueue, kai or all, got \"" + target + "\"\n")
          .contentType("text/plain");
    }
    try {
      var rendering =
          SchedulerObjects.render(arbiter.snapshot().model(), parsed.get(), clock.instant());
      return HttpResponse.ok(SchedulerObjects.toYaml(rendering));
    } catch (IllegalArgumentException e) {
      return HttpResponse.<String>status(io.micronaut.http.HttpStatus.UNPROCESSABLE_ENTITY)
          .body(e.getMessage() + "\n")
          .contentType("text/plain");
    }
  }
}
