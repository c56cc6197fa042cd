package io.gpuarbiter.api.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.gpuarbiter.identity.IdentityException;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.micronaut.security.token.jwt.validator.JWTClaimsSetUtils;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * micronaut-security-jwt's hook for claim checks: every signed token also has to pass {@link
 * TokenRules}; a token that does not is treated as no token (401).
 *
 * @param <T> the request type
 */
@Singleton
public class TokenClaimsValidator<T> implements GenericJwtClaimsValidator<T> {
  private static final Logger LOG = LoggerFactory.getLogger(TokenClaimsValidator.class);

  private final TokenRules rules;
  private final Clock clock;

  TokenClaimsValidator(TokenRules rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  public boolean validate(@NonNull Claims claims, @Nullable T request) {
    JWTClaimsSet set = JWTClaimsSetUtils.jwtClaimsSetFromClaims(claims);
    Optional<String> problem;
    try {
      problem = rules.problem(set, clock.instant());
    } catch (IdentityException e) {
      problem = Optional.of("the directory cannot be asked: " + e.getMessage());
    }
    problem.ifPresent(p -> LOG.debug("bearer token refused: {}", p));
    return problem.isEmpty();
  }
}
