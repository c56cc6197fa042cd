package io.gpuarbiter.api.security;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the demo token endpoint is served, and to whom. It mints a token for any directory user,
 * the admin included, without a password, so: never in cluster mode unless {@code
 * ARBITER_DEMO_TOKENS=allow}, and only to loopback clients unless {@code
 * ARBITER_DEMO_TOKENS_CLIENTS=any}.
 *
 * @param enabled whether the endpoint answers at all (else 404)
 * @param anyClient whether clients other than loopback are served (else 403 for them)
 * @param reason what start-up logs about it
 */
public record DemoTokenAccess(boolean enabled, boolean anyClient, String reason) {

  /**
   * Reads the settings.
   *
   * @param mode {@code ARBITER_DEMO_TOKENS}: {@code on} (default), {@code allow} (on, also in
   *     cluster mode) or {@code off}
   * @param clients {@code ARBITER_DEMO_TOKENS_CLIENTS}: {@code loopback} (default) or {@code any}
   * @param cluster {@code ARBITER_KUBERNETES_ENABLED}
   * @throws IllegalArgumentException for any other value
   */
  public static DemoTokenAccess of(String mode, String clients, boolean cluster) {
    String m = Optional.ofNullable(mode).orElse("on").trim().toLowerCase(Locale.ROOT);
    String c = Optional.ofNullable(clients).orElse("loopback").trim().toLowerCase(Locale.ROOT);
    if (!c.equals("loopback") && !c.equals("any")) {
      throw new IllegalArgumentException(
          "ARBITER_DEMO_TOKENS_CLIENTS: expected loopback or any, got \"" + clients + "\"");
    }
    boolean any = c.equals("any");
    return switch (m) {
      case "off" ->
          new DemoTokenAccess(false, any, "demo tokens are off (ARBITER_DEMO_TOKENS=off)");
      case "on" ->
          cluster
              ? new DemoTokenAccess(
                  false,
                  any,
                  "demo tokens refused in cluster mode (ARBITER_KUBERNETES_ENABLED=true); set"
                      + " ARBITER_DEMO_TOKENS=allow to serve them anyway, or use Keycloak")
              : new DemoTokenAccess(true, any, enabledWarning(any));
      case "allow" -> new DemoTokenAccess(true, any, enabledWarning(any));
      default ->
          throw new IllegalArgumentException(
              "ARBITER_DEMO_TOKENS: expected on, allow or off, got \"" + mode + "\"");
    };
  }

  /** Whether a client at this address gets a token (when enabled). */
  public boolean serves(InetAddress client) {
    return enabled && (anyClient || (client != null && client.isLoopbackAddress()));
  }

  private static String enabledWarning(boolean any) {
    return "DEMO TOKENS ENABLED: POST /api/v1/auth/demo-token gives anyone who can reach it a"
        + " token for any directory user, the admin included, with no password; served to "
        + (any ? "ANY client (ARBITER_DEMO_TOKENS_CLIENTS=any)" : "loopback clients only")
        + ". Embedded demo only: use ARBITER_AUTH_MODE=keycloak for anything real";
  }
}
