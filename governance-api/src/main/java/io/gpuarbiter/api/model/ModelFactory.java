package io.gpuarbiter.api.model;

import io.gpuarbiter.api.boot.ModelSource;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.identity.Identities;
import io.gpuarbiter.model.InvalidModelException;
import io.gpuarbiter.model.LoadedModel;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

/** Provides the governance model the service runs under. */
@Factory
public class ModelFactory {
  /**
   * With Keycloak the user directory of the model file is replaced by the realm's users and groups,
   * so approvers are looked up where the organisation keeps them.
   */
  @Singleton
  LoadedModel loadedModel(
      @Value("${arbiter.model}") String location,
      @Value("${arbiter.auth.mode:embedded}") String authMode,
      BeanProvider<Identities> identities) {
    try {
      LoadedModel loaded = ModelSource.load(location);
      if (!authMode.equals("keycloak")) {
        return loaded;
      }
      GovernanceModel m = loaded.model();
      GovernanceModel withRealm =
          new GovernanceModel(
              m.organization(),
              m.pools(),
              m.classes(),
              m.coexistence(),
              m.quotas(),
              m.departmentCaps(),
              m.reservations(),
              m.authority(),
              m.classification(),
              identities.get().directory(),
              m.settings());
      return new LoadedModel(withRealm, loaded.digest(), loaded.source());
    } catch (InvalidModelException e) {
      // main() validates before starting, so only a misconfigured embedding reaches this.
      throw new ConfigurationException(e.getMessage(), e);
    }
  }
}
