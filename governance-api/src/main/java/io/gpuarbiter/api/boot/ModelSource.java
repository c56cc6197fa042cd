package io.gpuarbiter.api.boot;

import io.gpuarbiter.model.InvalidModelException;
import io.gpuarbiter.model.LoadedModel;
import io.gpuarbiter.model.ModelLoader;
import io.gpuarbiter.model.ModelProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Loads the model from a file path or from a {@code classpath:} location (the bundled demo). */
public final class ModelSource {
  private static final String CLASSPATH = "classpath:";

  private ModelSource() {}

  public static LoadedModel load(String location) throws InvalidModelException {
    if (!location.startsWith(CLASSPATH)) {
      return ModelLoader.load(Path.of(location));
    }
    String resource = location.substring(CLASSPATH.length());
    try (InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidModelException(
            List.of(new ModelProblem(location, 0, "", "no such resource on the classpath")));
      }
      return ModelLoader.parse(location, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvalidModelException(
          List.of(new ModelProblem(location, 0, "", "cannot read: " + e.getMessage())));
    }
  }
}
