package io.gpuarbiter.api.model;

import io.gpuarbiter.api.boot.ModelSource;
import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.identity.Identities;
import io.gpuarbiter.identity.IdentityException;
import io.gpuarbiter.model.InvalidModelException;
import io.gpuarbiter.model.LoadedModel;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provides the governance model the service runs under. */
@Factory
public class ModelFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ModelFactory.class);

  /**
   * With Keycloak the user directory of the model file is replaced by the realm's users and groups
   * as they are at start, so approvers are looked up where the organisation keeps them; {@code
   * security.DirectoryRefresh} keeps the snapshot's directory in step with the realm afterwards.
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
      Directory realm = realmDirectory(identities.get());
      return new LoadedModel(loaded.model().withDirectory(realm), loaded.digest(), loaded.source());
    } catch (InvalidModelException e) {
      // main() validates before starting, so only a misconfigured embedding reaches this.
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  /**
   * The realm's directory. A Keycloak that cannot be reached does not stop the service: it starts
   * knowing no approver (over-quota admissions are denied, requests refused with {@code
   * authority.none}) until a refresh reads the realm. Refused credentials or an answer that is not
   * Keycloak's are configuration errors and stop the start.
   */
  static Directory realmDirectory(Identities identities) {
    try {
      return identities.directory();
    } catch (IdentityException e) {
      if (e.reason() != IdentityException.Reason.UNAVAILABLE) {
        throw e;
      }
      LOG.error(
          "Keycloak's directory could not be read at start: {}. No approver is known until it"
              + " answers: decisions that need approval are denied meanwhile",
          e.getMessage());
      return new Directory(List.of());
    }
  }
}
