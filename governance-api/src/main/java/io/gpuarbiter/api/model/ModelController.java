package io.gpuarbiter.api.model;

import io.gpuarbiter.api.security.Roles;
import io.gpuarbiter.model.LoadedModel;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Read access to the governance model the service is running under. */
@Secured({Roles.VIEWER, Roles.REQUESTER, Roles.APPROVER, Roles.ADMIN, Roles.AUDITOR})
@Controller("/api/v1/model")
@Tag(name = "model")
public class ModelController {
  private final ModelView view;

  ModelController(LoadedModel model, ModelRevisions revisions) {
    this.view = ModelView.of(model, revisions.loadedAt(model.digest()));
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The loaded governance model",
      description =
          "Org units, pools, classes, coexistence rules, quotas, reservations, authority rules"
              + " and settings, with the model file's SHA-256 digest.")
  public ModelView model() {
    return view;
  }
}
