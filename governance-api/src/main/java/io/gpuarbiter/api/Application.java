package io.gpuarbiter.api;

import io.gpuarbiter.api.boot.ArbiterSettings;
import io.gpuarbiter.api.boot.Bootstrap;
import io.gpuarbiter.api.boot.ModelSource;
import io.gpuarbiter.model.InvalidModelException;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * The composition root: the only place that reads the environment and the clock to set things up.
 * It refuses to start on an invalid governance model, listing every problem.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "GPU Arbiter",
            version = "v1",
            description =
                "GPU-allocation governance for Kubernetes: governance model, decisions, ledger.",
            license = @License(name = "Apache-2.0")))
public final class Application {
  /** Exit code for a model that fails validation (distinct from a crash). */
  public static final int INVALID_MODEL = 2;

  /** Exit code for settings, a data directory or TLS material that cannot be used. */
  public static final int BAD_ENVIRONMENT = 3;

  private Application() {}

  public static void main(String[] args) {
    ArbiterSettings settings = ArbiterSettings.from(System.getenv());
    if (!settings.problems().isEmpty()) {
      settings.problems().forEach(p -> System.err.println("GPU Arbiter will not start: " + p));
      System.exit(BAD_ENVIRONMENT);
    }
    try {
      ModelSource.load(settings.model());
    } catch (InvalidModelException e) {
      System.err.println("GPU Arbiter will not start: " + e.getMessage());
      System.exit(INVALID_MODEL);
    }
    Map<String, Object> properties;
    try {
      properties = Bootstrap.prepare(settings, Instant.now());
    } catch (IOException e) {
      System.err.println(
          "GPU Arbiter will not start: data directory " + settings.dataDir() + ": " + e);
      System.exit(BAD_ENVIRONMENT);
      return;
    }
    String halt = System.getenv().getOrDefault("ARBITER_TEST_HALT_AFTER_LEDGER_WRITE", "").trim();
    if (!halt.isEmpty()) {
      // Fault injection for the crash test only: see RequestJournal.
      properties.put("arbiter.test.halt-after-ledger-write", halt);
    }
    Micronaut.build(args).banner(false).mainClass(Application.class).properties(properties).start();
  }
}
