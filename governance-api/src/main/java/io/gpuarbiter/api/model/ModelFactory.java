package io.gpuarbiter.api.model;

import io.gpuarbiter.api.boot.ModelSource;
import io.gpuarbiter.model.InvalidModelException;
import io.gpuarbiter.model.LoadedModel;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

/** Provides the governance model the service runs under. */
@Factory
public class ModelFactory {
  @Singleton
  LoadedModel loadedModel(@Value("${arbiter.model}") String location) {
    try {
      return ModelSource.load(location);
    } catch (InvalidModelException e) {
      // main() validates before starting, so only a misconfigured embedding reaches this.
      throw new ConfigurationException(e.getMessage(), e);
    }
  }
}
