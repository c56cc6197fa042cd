package io.gpuarbiter.api.security;

import io.gpuarbiter.identity.Identities;
import io.gpuarbiter.identity.StaticIdentities;
import io.gpuarbiter.identity.token.DemoSigningKey;
import io.gpuarbiter.identity.token.DemoTokenIssuer;
import io.gpuarbiter.identity.token.DemoTokenSettings;
import io.gpuarbiter.model.LoadedModel;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.rsa.RSASignature;
import io.micronaut.security.token.jwt.signature.rsa.RSASignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call the API. The embedded default signs its own demo tokens for the users of the model's
 * static directory (the key lives in {@code <data>/auth}); with Keycloak, tokens come from the
 * realm and are validated against its JWKS (configured by {@code Bootstrap}).
 */
@Factory
public class AuthFactory {
  /** The {@code iss} of demo tokens. */
  public static final String DEMO_ISSUER = "gpu-arbiter-embedded";

  private static final Logger LOG = LoggerFactory.getLogger(AuthFactory.class);

  @Singleton
  @Requires(property = "arbiter.auth.mode", value = "embedded", defaultValue = "embedded")
  Identities staticIdentities(LoadedModel model) {
    return new StaticIdentities(model.model().directory());
  }

  @Singleton
  @Requires(property = "arbiter.auth.mode", value = "embedded", defaultValue = "embedded")
  DemoSigningKey demoSigningKey(@Value("${arbiter.data-dir:data}") String dataDir) {
    try {
      return DemoSigningKey.loadOrCreate(Path.of(dataDir).resolve("auth"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load or create the demo token key", e);
    }
  }

  @Singleton
  @Requires(property = "arbiter.auth.mode", value = "embedded", defaultValue = "embedded")
  DemoTokenIssuer demoTokenIssuer(DemoSigningKey key, Identities identities, Clock clock) {
    return new DemoTokenIssuer(key, identities, DemoTokenSettings.forIssuer(DEMO_ISSUER), clock);
  }

  /**
   * Whether and to whom the demo token endpoint answers; made at start so the warning is the first
   * thing an operator sees ({@code ARBITER_DEMO_TOKENS}, {@code ARBITER_DEMO_TOKENS_CLIENTS}).
   */
  @Context
  @Requires(property = "arbiter.auth.mode", value = "embedded", defaultValue = "embedded")
  DemoTokenAccess demoTokenAccess(
      @Value("${arbiter.auth.demo-tokens:on}") String mode,
      @Value("${arbiter.auth.demo-tokens-clients:loopback}") String clients,
      @Value("${arbiter.kubernetes.enabled:false}") boolean cluster) {
    DemoTokenAccess access = DemoTokenAccess.of(mode, clients, cluster);
    LOG.warn(access.reason()); // loud on purpose, enabled or refused
    return access;
  }

  /** Demo tokens: the demo issuer, the service audience, a user of the static directory. */
  @Singleton
  @Requires(property = "arbiter.auth.mode", value = "embedded", defaultValue = "embedded")
  TokenRules demoTokenRules(Identities identities) {
    return new TokenRules(
        DEMO_ISSUER, DemoTokenSettings.DEFAULT_AUDIENCE, user -> identities.user(user).isPresent());
  }

  /** Validates demo tokens with the issuer's public key. */
  @Singleton
  @Named("demo")
  @Requires(property = "arbiter.auth.mode", value = "embedded", defaultValue = "embedded")
  SignatureConfiguration demoSignature(DemoSigningKey signingKey) {
    RSAPublicKey key = signingKey.publicKey();
    RSASignatureConfiguration config = () -> key;
    return new RSASignature(config);
  }
}
