package io.gpuarbiter.identity;

import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.model.InvalidModelException;
import io.gpuarbiter.model.ModelLoader;
import java.nio.file.Path;

/** The demo organisation's governance model (deploy/demo/model.yaml), read once. */
public final class DemoModel {
  /** The repository root, seen from the module directory the tests run in. */
  public static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  public static final Path MODEL_FILE = REPOSITORY.resolve("deploy/demo/model.yaml");
  public static final Path REALM_FILE =
      REPOSITORY.resolve("deploy/keycloak/gpu-arbiter-realm.json");

  private static GovernanceModel model;

  private DemoModel() {}

  public static synchronized GovernanceModel model() {
    if (model == null) {
      try {
        model = ModelLoader.load(MODEL_FILE).model();
      } catch (InvalidModelException e) {
        throw new IllegalStateException("the demo model does not load: " + e.getMessage(), e);
      }
    }
    return model;
  }
}
