package io.gpuarbiter.utilization.attribution;

import static io.gpuarbiter.utilization.testing.Charges.aCharge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.telemetry.dcgm.DeviceReadings;
import io.gpuarbiter.telemetry.dcgm.DeviceReadings.Reading;
import io.gpuarbiter.telemetry.dcgm.ExpositionParser;
import io.gpuarbiter.telemetry.dcgm.PodRef;
import io.gpuarbiter.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributionTest {
  private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");

  private static List<Reading> readings(String exposition) {
    return DeviceReadings.of(new ExpositionParser().parse(exposition, AT).samples());
  }

  /** NVIDIA/aicr's EKS capture: GPU 0 runs a vLLM decode worker, GPUs 1–7 no pod. */
  private static List<Reading> eksCapture() throws IOException {
    return readings(
        Files.readString(TestData.resolve("dcgm/aicr__eks-h100x8-pod-labels-sampled.txt")));
  }

  @Test
  void theRealCapturesPodIsItsWorkloadsAndTheOtherGpusAreIdle() throws IOException {
    Charge vllm = aCharge("dynamo-workload", "vllm-agg-0").inference().build();
    Attributed a = Attribution.of(eksCapture(), Map.of(), List.of(vllm));

    assertThat(a.idleDevices()).isEqualTo(7);
    assertThat(a.unattributed()).isEmpty();
    WorkloadUse use = a.use(vllm.workload().uid()).orElseThrow();
    assertThat(use.deviceShares()).isEqualTo(1.0);
    assertThat(use.activity()).isPresent(); // GPU_UTIL on a whole GPU, the capture's only measure
    assertThat(use.watts()).isPositive();
  }

  @Test
  void aPodNoChargeAccountsForIsReportedUnattributedNotDropped() throws IOException {
    Charge other = aCharge("dynamo-workload", "vllm-agg-1").build();
    Attributed a = Attribution.of(eksCapture(), Map.of(), List.of(other));

    assertThat(a.uses()).isEmpty();
    assertThat(a.unattributed())
        .singleElement()
        .satisfies(u -> {
          assertThat(u.pod().pod()).isEqualTo("vllm-agg-0-vllmdecodeworker-s65j5");
          assertThat(u.share()).isEqualTo(1.0);
        });
  }

  @Test
  void theLongestWorkloadNameOwnsAPodAndANamespaceNeverMatchesAnother() {
    Charge train = aCharge("nlp", "train").build();
    Charge trainEval = aCharge("nlp", "train-eval").build();
    PodOwners owners = new PodOwners(List.of(train, trainEval));

    assertThat(owners.owner(new PodRef("nlp", "train-eval-worker-0", "c"))).contains(trainEval);
    assertThat(owners.owner(new PodRef("nlp", "train-master-0", "c"))).contains(train);
    assertThat(owners.owner(new PodRef("nlp", "trainer-0", "c"))).isEmpty();
    assertThat(owners.owner(new PodRef("vision", "train-master-0", "c"))).isEmpty();
  }

  @Test
  void aTimeSlicedGpuIsSplitAmongItsPodsAndCountedOnce() {
    String device = "gpu=\"0\",UUID=\"GPU-a\",modelName=\"NVIDIA A100\",Hostname=\"n1\"";
    String a = device + ",namespace=\"nlp\",pod=\"notebook-a-0\",container=\"c\"";
    String b = device + ",namespace=\"nlp\",pod=\"notebook-b-0\",container=\"c\"";
    String text =
        String.join(
            "\n",
            "DCGM_FI_PROF_GR_ENGINE_ACTIVE{" + a + "} 0.6",
            "DCGM_FI_PROF_GR_ENGINE_ACTIVE{" + b + "} 0.6",
            "DCGM_FI_DEV_FB_USED{" + a + "} 30000",
            "DCGM_FI_DEV_FB_USED{" + b + "} 30000",
            "DCGM_FI_DEV_POWER_USAGE{" + a + "} 200",
            "DCGM_FI_DEV_POWER_USAGE{" + b + "} 200",
            "");
    Charge na = aCharge("nlp", "notebook-a").gpus("0.5").build();
    Charge nb = aCharge("nlp", "notebook-b").gpus("0.5").build();
    List<Reading> r = readings(text);
    Attributed at = Attribution.of(r, Map.of(r.get(0).device(), 1000.0), List.of(na, nb));

    WorkloadUse ua = at.use(na.workload().uid()).orElseThrow();
    WorkloadUse ub = at.use(nb.workload().uid()).orElseThrow();
    assertThat(ua.deviceShares() + ub.deviceShares()).isEqualTo(1.0);
    assertThat(ua.watts() + ub.watts()).isCloseTo(200, within(1e-9));
    assertThat(ua.memoryMiB() + ub.memoryMiB()).isCloseTo(30000, within(1e-9));
    assertThat(ua.joules() + ub.joules()).isCloseTo(1000, within(1e-9));
    assertThat(ua.activity()).contains(0.6); // the device's activity, not summed per pod
  }

  @Test
  void energyIsTheCountersDifferenceAndAResetIsCounted() {
    String d = "gpu=\"0\",UUID=\"GPU-a\",modelName=\"m\",Hostname=\"n1\"";
    DeviceEnergy energy = new DeviceEnergy();
    assertThat(energy.since(readings("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{" + d + "} 5000\n")))
        .isEmpty();
    assertThat(
            energy
                .since(readings("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{" + d + "} 905000\n"))
                .values())
        .containsExactly(900.0);
    assertThat(
            energy
                .since(readings("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{" + d + "} 2000\n"))
                .values())
        .containsExactly(2.0);
    assertThat(energy.resets()).isEqualTo(1);
  }
}
