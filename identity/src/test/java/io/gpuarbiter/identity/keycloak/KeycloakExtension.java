package io.gpuarbiter.identity.keycloak;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one {@link KeycloakServer} shared by every test class of the run: started on first use,
 * stopped (process tree killed) when the run ends, because JUnit closes {@link AutoCloseable}
 * values of the root store.
 */
public final class KeycloakExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KeycloakExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KeycloakServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(KeycloakServer.class, type -> start(), KeycloakServer.class);
  }

  private static KeycloakServer start() {
    try {
      return KeycloakServer.startFromBuild();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Keycloak", e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not start Keycloak: " + e.getMessage(), e);
    }
  }
}
