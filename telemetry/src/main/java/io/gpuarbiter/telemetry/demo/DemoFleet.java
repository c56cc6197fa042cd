package io.gpuarbiter.telemetry.demo;

import io.gpuarbiter.telemetry.dcgm.PodRef;
import io.gpuarbiter.telemetry.demo.SimulatedDevice.Behaviour;
import io.gpuarbiter.telemetry.demo.SimulatedDevice.Mig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The DEMO organisation's made-up fleet: one device for each finding the demo shows (a busy
 * training job, a zombie pod, an over-sized inference service, a bursty sweep, a time-sliced GPU,
 * MIG instances, a GPU nobody holds). Host names and UUIDs say "demo" so they are never mistaken
 * for real hardware.
 */
public final class DemoFleet {
  private static final String H100 = "NVIDIA H100 80GB HBM3";
  private static final String L4 = "NVIDIA L4";
  private static final String A100 = "NVIDIA A100-SXM4-80GB";

  private DemoFleet() {}

  public static List<SimulatedDevice> sample() {
    SimulatedDevice evalA =
        whole("demo-gpu-l4-1", 0, L4, pod("nlp-eval", "eval-a"), Behaviour.BURSTY, 23034);
    return List.of(
        whole(
            "demo-gpu-h100-1",
            0,
            H100,
            pod("ml-training", "llm-pretrain-0"),
            Behaviour.BUSY,
            81559),
        whole(
            "demo-gpu-h100-1", 1, H100, pod("ml-research", "notebook-jdoe"), Behaviour.IDLE, 81559),
        whole(
            "demo-gpu-h100-1",
            2,
            H100,
            pod("inference", "embedder-7c9f"),
            Behaviour.SMALL_FOOTPRINT,
            81559),
        whole(
            "demo-gpu-h100-1",
            3,
            H100,
            pod("ml-training", "hparam-sweep-3"),
            Behaviour.BURSTY,
            81559),
        evalA,
        evalA.heldBy(new PodRef("nlp-eval", "eval-b", "main")),
        whole("demo-gpu-l4-1", 1, L4, Optional.empty(), Behaviour.IDLE, 23034),
        mig(
            new Mig("1g.10gb", 7),
            pod("inference", "tokenizer-5d2b"),
            Behaviour.SMALL_FOOTPRINT,
            9984),
        mig(new Mig("3g.40gb", 2), pod("ml-research", "finetune-lora"), Behaviour.BUSY, 40192));
  }

  private static SimulatedDevice whole(
      String host, int gpu, String model, Optional<PodRef> holder, Behaviour b, long fbMib) {
    return new SimulatedDevice(
        host, gpu, uuid(host, gpu), model, Optional.empty(), holder, b, fbMib);
  }

  private static SimulatedDevice mig(Mig m, Optional<PodRef> holder, Behaviour b, long fbMib) {
    String host = "demo-gpu-a100-1";
    return new SimulatedDevice(host, 0, uuid(host, 0), A100, Optional.of(m), holder, b, fbMib);
  }

  private static Optional<PodRef> pod(String namespace, String pod) {
    return Optional.of(new PodRef(namespace, pod, "main"));
  }

  /** A UUID-shaped name that reads as a demo device. */
  private static String uuid(String host, int gpu) {
    return String.format(Locale.ROOT, "GPU-de300000-0000-4000-8000-%08x%04x", host.hashCode(), gpu);
  }
}
