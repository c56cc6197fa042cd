package io.gpuarbiter.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.handoff.testing.Repo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GPUe → Kueue quantities on the demo's pools (H100-80GB and A100-40GB, both with MIG). */
class KueueUnitsTest {
  private static final GovernanceModel DEMO = Repo.demoModel();

  @ParameterizedTest(name = "{0}: {1} GPUe of {2} in {3} = {4}")
  @CsvSource({
    "whole GPUs are whole,                 12,  nvidia.com/gpu,          h100, 12",
    "fractions round down,                 2.5, nvidia.com/gpu,          h100, 2",
    "less than a GPU is none,              0.5, nvidia.com/gpu,          h100, 0",
    "1g.10gb on H100 costs 1/7 (rounded up), 1, nvidia.com/mig-1g.10gb, h100, 6",
    "so 12 GPUe buy 83 slices not 84,      12,  nvidia.com/mig-1g.10gb,  h100, 83",
    "1g.20gb is memory-bound (1/4),        12,  nvidia.com/mig-1g.20gb,  h100, 48",
    "3g.40gb is memory-bound (1/2),        1,   nvidia.com/mig-3g.40gb,  h100, 2",
    "7g.80gb is a whole GPU,               3.9, nvidia.com/mig-7g.80gb,  h100, 3",
    "1g.5gb on A100-40GB is compute-bound, 1,   nvidia.com/mig-1g.5gb,   a100, 6",
    "2g.10gb on A100-40GB costs 2/7,       4,   nvidia.com/mig-2g.10gb,  a100, 13",
    "a profile the pool lacks counts 0,    4,   nvidia.com/mig-1g.5gb,   h100, 0",
    "a profile the pool is not cut into,   4,   nvidia.com/mig-4g.20gb,  a100, 0",
  })
  void quantity(String what, String gpue, String resource, String pool, long want) {
    Pool p = DEMO.pool(new PoolId(pool)).orElseThrow();
    assertThat(KueueUnits.quantity(resource, Gpue.parse(gpue), p)).as(what).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0} counts {1}")
  @CsvSource({
    "h100, 'nvidia.com/gpu,nvidia.com/mig-1g.10gb,nvidia.com/mig-1g.20gb,nvidia.com/mig-2g.20gb,"
        + "nvidia.com/mig-3g.40gb,nvidia.com/mig-4g.40gb,nvidia.com/mig-7g.80gb'",
    "a100, 'nvidia.com/gpu,nvidia.com/mig-1g.5gb,nvidia.com/mig-2g.10gb,nvidia.com/mig-3g.20gb,"
        + "nvidia.com/mig-7g.40gb'",
    "l4, nvidia.com/gpu",
  })
  void resourcesOfAPool(String pool, String want) {
    Pool p = DEMO.pool(new PoolId(pool)).orElseThrow();
    assertThat(String.join(",", KueueUnits.resources(p))).isEqualTo(want);
  }
}
