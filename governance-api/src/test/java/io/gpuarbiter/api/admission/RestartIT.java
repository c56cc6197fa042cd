package io.gpuarbiter.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restart on the same data directory holds exactly the charges it acknowledged before. */
class RestartIT extends ServiceFixture {
  private static final TeamId PLAYGROUND = new TeamId("playground");
  private static final PoolId A100 = new PoolId("a100");

  @Test
  void chargesSurviveARestart() throws Exception {
    dataDir = Files.createTempDirectory("arbiter-restart");
    var job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
    try (EmbeddedServer first = start(dataDir)) {
      var answer = post("https", "/admission/validate", Reviews.bytes(Reviews.create(job, "r-1")));
      assertThat(answer.body()).contains("\"allowed\":true");
      assertThat(used(first)).isEqualTo(Gpue.ofWhole(3));
    }
    try (EmbeddedServer second = start(dataDir)) {
      assertThat(used(second)).isEqualTo(Gpue.ofWhole(3));
      // The same workload again is an update with no new demand: still 3, not 6.
      post("https", "/admission/validate", Reviews.bytes(Reviews.create(job, "r-2")));
      assertThat(used(second)).isEqualTo(Gpue.ofWhole(3));
    }
  }

  private EmbeddedServer start(Path data) throws Exception {
    Map<String, Object> props = new HashMap<>(properties(data));
    return ApplicationContext.run(EmbeddedServer.class, props);
  }

  private static Gpue used(EmbeddedServer server) {
    SnapshotArbiter arbiter = server.getApplicationContext().getBean(SnapshotArbiter.class);
    return arbiter.snapshot().teamUsage(PLAYGROUND, A100).quotaCharged();
  }
}
