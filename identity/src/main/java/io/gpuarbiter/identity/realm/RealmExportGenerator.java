package io.gpuarbiter.identity.realm;

import io.gpuarbiter.model.InvalidModelException;
import io.gpuarbiter.model.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the realm export for a governance model. Usage (from the repository root): {@code
 * RealmExportGenerator [model.yaml] [realm.json]}, defaults {@value #DEFAULT_MODEL} and {@value
 * #DEFAULT_OUTPUT}. {@code RealmExportTest} fails when the committed file differs from what this
 * writes.
 */
public final class RealmExportGenerator {
  public static final String DEFAULT_MODEL = "deploy/demo/model.yaml";
  public static final String DEFAULT_OUTPUT = "deploy/keycloak/gpu-arbiter-realm.json";

  private RealmExportGenerator() {}

  public static void main(String[] args) throws IOException, InvalidModelException {
    Path model = Path.of(args.length > 0 ? args[0] : DEFAULT_MODEL);
    Path output = Path.of(args.length > 1 ? args[1] : DEFAULT_OUTPUT);
    write(model, output);
    System.out.println("wrote " + output + " from " + model);
  }

  /** Generates the realm export of the model file into the output file. */
  public static void write(Path model, Path output) throws IOException, InvalidModelException {
    String json = RealmExport.json(ModelLoader.load(model).model());
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(output, json, StandardCharsets.UTF_8);
  }
}
