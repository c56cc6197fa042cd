package io.gpuarbiter.api.policy;

import io.gpuarbiter.policies.PolicyBundle;
import io.gpuarbiter.policies.PolicyEvaluator;
import io.gpuarbiter.policies.ReloadingPolicyEvaluator;
import io.gpuarbiter.policies.RemotePolicyEvaluator;
import io.gpuarbiter.policies.WasmPolicyEvaluator;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The policy bundle the engine applies. {@code builtin} (default): the library's Wasm bundle,
 * evaluated in the JVM, with the organisation's parameters ({@code arbiter.policies.data}) in place
 * of the bundle's own; {@code file}: a Wasm bundle file, reloaded when it changes (a broken one
 * leaves the previous in force); {@code remote}: an OPA server's REST API.
 */
@Factory
public class PolicyFactory {
  @Singleton
  @Bean(preDestroy = "close")
  PolicyEvaluator policyEvaluator(
      @Value("${arbiter.policies.mode:builtin}") String mode,
      @Value("${arbiter.policies.data:}") String data,
      @Value("${arbiter.policies.bundle:}") String bundleFile,
      @Value("${arbiter.policies.opa-url:}") String opaUrl,
      @Value("${arbiter.policies.reload-interval:5s}") Duration reloadInterval) {
    return switch (mode) {
      case "builtin" -> WasmPolicyEvaluator.of(withData(PolicyBundle.fromClasspath(), data));
      case "file" ->
          new ReloadingPolicyEvaluator(Path.of(require(bundleFile, "bundle")))
              .start(reloadInterval);
      case "remote" ->
          new RemotePolicyEvaluator(URI.create(require(opaUrl, "opa-url")), Duration.ofSeconds(1));
      default ->
          throw new ConfigurationException(
              "arbiter.policies.mode: expected builtin, file or remote, got \"" + mode + "\"");
    };
  }

  /**
   * The bundle with the organisation's data document in place of its own. The digest covers both,
   * so decisions record which parameters were in force, and anyone holding the two files can
   * recompute it: {@code sha256:} + hex SHA-256 of the text {@code "bundle <bundle digest>\ndata
   * <data digest>\n"}, each digest {@code sha256:<hex>} of the file's bytes (policies/README.md).
   */
  static PolicyBundle withData(PolicyBundle bundle, String location) {
    Optional<byte[]> data = read(location);
    if (data.isEmpty()) {
      return bundle;
    }
    return new PolicyBundle(
        bundle.wasm(),
        new String(data.get(), StandardCharsets.UTF_8),
        withDataDigest(bundle.digest(), PolicyBundle.digest(data.get())));
  }

  /** The digest of a bundle evaluated with another data document (see {@link #withData}). */
  static String withDataDigest(String bundleDigest, String dataDigest) {
    String both = "bundle " + bundleDigest + "\ndata " + dataDigest + "\n";
    return PolicyBundle.digest(both.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<byte[]> read(String location) {
    if (location == null || location.isBlank()) {
      return Optional.empty();
    }
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length());
        try (InputStream in = PolicyFactory.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new ConfigurationException("no policy data at " + location);
          }
          return Optional.of(in.readAllBytes());
        }
      }
      return Optional.of(Files.readAllBytes(Path.of(location)));
    } catch (IOException e) {
      throw new ConfigurationException("cannot read policy data " + location + ": " + e, e);
    }
  }

  private static String require(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException("arbiter.policies." + what + " is required for this mode");
    }
    return value;
  }
}
