package io.gpuarbiter.identity.realm;

/**
 * The names and demo secrets of the GPU Arbiter Keycloak realm ({@code
 * deploy/keycloak/gpu-arbiter-realm.json}). The secrets are for demos and tests only: change the
 * client secret and the user passwords (or drop the demo users) before anything real uses the
 * realm.
 */
public final class DemoRealm {
  /** The realm name. */
  public static final String REALM = "gpu-arbiter";

  /** Public client with direct access grants: password-grant tokens for curl and the CLI. */
  public static final String CLI_CLIENT = "gpu-arbiter-cli";

  /**
   * Confidential client of the service: its service account may query users and groups (Admin REST
   * API), and it is the audience ({@code aud}) of every token the realm issues.
   */
  public static final String SERVICE_CLIENT = "gpu-arbiter-service";

  /** The demo secret of {@link #SERVICE_CLIENT}. */
  public static final String SERVICE_CLIENT_SECRET = "gpu-arbiter-service-demo-secret";

  /** The password of every demo user. */
  public static final String DEMO_PASSWORD = "arbiter-demo";

  /** The user attribute holding the model's display name (first/last name cannot hold it all). */
  public static final String DISPLAY_NAME_ATTRIBUTE = "displayName";

  /** The e-mail domain of the demo users (Keycloak's user profile requires an e-mail). */
  public static final String DEMO_EMAIL_DOMAIN = "gpu-arbiter.example";

  private DemoRealm() {}
}
