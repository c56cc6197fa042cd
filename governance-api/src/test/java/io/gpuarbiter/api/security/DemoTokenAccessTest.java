package io.gpuarbiter.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DemoTokenAccessTest {
  private static final InetAddress LOOPBACK = address("127.0.0.1");
  private static final InetAddress LOOPBACK6 = address("::1");
  private static final InetAddress REMOTE = address("10.1.2.3");

  static Stream<Arguments> settings() {
    return Stream.of(
        Arguments.of("the default serves loopback clients", "on", "loopback", false, true, false),
        Arguments.of("any client when asked for", "on", "any", false, true, true),
        Arguments.of("cluster mode refuses them by default", "on", "loopback", true, false, false),
        Arguments.of(
            "cluster mode with allow serves loopback", "allow", "loopback", true, true, false),
        Arguments.of("allow and any in cluster mode", "allow", "any", true, true, true),
        Arguments.of("off is off", "off", "any", false, false, false),
        Arguments.of("unset values mean the defaults", null, null, false, true, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void whoGetsDemoTokens(
      String name, String mode, String clients, boolean cluster, boolean local, boolean remote) {
    DemoTokenAccess access = DemoTokenAccess.of(mode, clients, cluster);
    assertThat(access.enabled()).isEqualTo(local);
    assertThat(access.serves(LOOPBACK)).isEqualTo(local);
    assertThat(access.serves(LOOPBACK6)).isEqualTo(local);
    assertThat(access.serves(REMOTE)).isEqualTo(remote);
    assertThat(access.serves(null)).isEqualTo(local && remote);
    assertThat(access.reason()).contains(local ? "DEMO TOKENS ENABLED" : "demo tokens");
  }

  @Test
  void unknownValuesAreRefused() {
    assertThatThrownBy(() -> DemoTokenAccess.of("yes", "loopback", false))
        .hasMessageContaining("ARBITER_DEMO_TOKENS");
    assertThatThrownBy(() -> DemoTokenAccess.of("on", "everyone", false))
        .hasMessageContaining("ARBITER_DEMO_TOKENS_CLIENTS");
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
