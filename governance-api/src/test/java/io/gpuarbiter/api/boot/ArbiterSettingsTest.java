package io.gpuarbiter.api.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArbiterSettingsTest {
  @Test
  void defaultsToTheBundledDemoModelAndLocalDataDirectory() {
    ArbiterSettings s = ArbiterSettings.from(Map.of());
    assertThat(s.model()).isEqualTo(ArbiterSettings.DEMO_MODEL);
    assertThat(s.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(s.tlsHosts()).contains("localhost", "127.0.0.1");
  }

  @Test
  void environmentChoosesModelDataAndExtraHosts() {
    ArbiterSettings s =
        ArbiterSettings.from(
            Map.of(
                "ARBITER_MODEL", "/etc/arbiter/model.yaml",
                "ARBITER_DATA", "/var/lib/arbiter",
                "ARBITER_TLS_HOSTS", " arbiter.example.com , localhost,10.0.0.7"));
    assertThat(s.model()).isEqualTo("/etc/arbiter/model.yaml");
    assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/arbiter"));
    assertThat(s.tlsHosts())
        .contains("arbiter.example.com", "10.0.0.7")
        .containsOnlyOnce("localhost");
  }
}
