package io.gpuarbiter.telemetry.demo;

import io.gpuarbiter.telemetry.dcgm.DcgmMetric;
import io.gpuarbiter.telemetry.dcgm.PodRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * DEMO ONLY: a simulated NVIDIA dcgm-exporter {@code /metrics} body for a fleet that has no GPUs,
 * so the demo organisation can show utilization findings (zombie pods, over-sized services, bursty
 * jobs, time-sliced and MIG devices). The body's first line says it is simulated, and the values
 * are a pure function of the seed, the device and the 30-second bucket of the instant: the same
 * seed and instant give the same text, byte for byte. Labels, HELP and TYPE lines follow the real
 * exporter's, so {@link io.gpuarbiter.telemetry.dcgm.ExpositionParser} reads it as it reads one.
 */
public final class DemoExporter {
  /** When the simulated drivers loaded: the energy counters are 0 here and grow from it. */
  public static final Instant COUNTER_EPOCH = Instant.parse("2020-01-01T00:00:00Z");

  private static final String DRIVER_VERSION = "580.105.08";

  /** The exporter's metric order, HELP text and type, as in the captures of testdata/dcgm. */
  private record Header(DcgmMetric metric, String help) {}

  private static final List<Header> HEADERS =
      List.of(
          new Header(DcgmMetric.POWER_USAGE, "Power draw (in W)."),
          new Header(
              DcgmMetric.TOTAL_ENERGY_CONSUMPTION, "Total energy consumption since boot (in mJ)."),
          new Header(DcgmMetric.GPU_UTIL, "GPU utilization (in %)."),
          new Header(DcgmMetric.FB_FREE, "Framebuffer memory free (in MiB)."),
          new Header(DcgmMetric.FB_USED, "Framebuffer memory used (in MiB)."),
          new Header(DcgmMetric.GR_ENGINE_ACTIVE, "Ratio of time the graphics engine is active."));

  private final List<SimulatedDevice> devices;
  private final long seed;
  private final List<DeviceSignal> signals = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();

  /**
   * @param devices one entry per (device, holder); entries with the same host, UUID and MIG
   *     instance are one time-sliced device and must agree on everything but the holder
   * @param seed picks the simulated values; print it with the demo to reproduce a run
   * @throws IllegalArgumentException for entries that contradict each other (a device with two
   *     behaviours, a pod twice on one device, an unheld device listed twice, MIG instances and the
   *     whole GPU side by side, one UUID under two indices or models)
   */
  public DemoExporter(List<SimulatedDevice> devices, long seed) {
    this.devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
    this.seed = seed;
    FleetCheck.check(this.devices);
    for (SimulatedDevice d : this.devices) {
      signals.add(new DeviceSignal(seed, d));
      labels.add(labels(d));
    }
  }

  public long seed() {
    return seed;
  }

  public List<SimulatedDevice> devices() {
    return devices;
  }

  /**
   * The full exposition body at {@code at}: the DEMO comment, then each metric's HELP, TYPE, lines.
   */
  public String exposition(Instant at) {
    long sinceEpoch = at.toEpochMilli() - COUNTER_EPOCH.toEpochMilli();
    List<DeviceSignal.Snapshot> now = new ArrayList<>(signals.size());
    signals.forEach(s -> now.add(s.at(sinceEpoch)));
    StringBuilder b = new StringBuilder(256 * (1 + devices.size()) * HEADERS.size());
    b.append("# GPU Arbiter DEMO telemetry: simulated dcgm-exporter output (seed ")
        .append(seed)
        .append("), not measured on any GPU\n");
    for (Header h : HEADERS) {
      String name = h.metric().exporterName();
      b.append("# HELP ").append(name).append(' ').append(h.help()).append('\n');
      b.append("# TYPE ").append(name).append(h.metric().counter() ? " counter" : " gauge");
      b.append('\n');
      for (int i = 0; i < devices.size(); i++) {
        b.append(name).append('{').append(labels.get(i)).append("} ");
        b.append(value(h.metric(), now.get(i))).append('\n');
      }
    }
    return b.toString();
  }

  /** Written as the exporter writes them: gauges of fractions and watts with six decimals. */
  private static String value(DcgmMetric metric, DeviceSignal.Snapshot s) {
    return switch (metric) {
      case GR_ENGINE_ACTIVE -> String.format(Locale.ROOT, "%.6f", s.activity());
      case GPU_UTIL -> Long.toString(s.gpuUtil());
      case FB_USED -> Long.toString(s.fbUsedMib());
      case FB_FREE -> Long.toString(s.fbFreeMib());
      case POWER_USAGE -> String.format(Locale.ROOT, "%.6f", s.watts());
      case TOTAL_ENERGY_CONSUMPTION -> Long.toString((long) Math.floor(s.energyMj()));
    };
  }

  /** The exporter's label set, in its order; pod labels only for a held device. */
  private static String labels(SimulatedDevice d) {
    StringBuilder b = new StringBuilder();
    label(b, "gpu", Integer.toString(d.gpu()));
    label(b, "UUID", d.uuid());
    label(b, "pci_bus_id", String.format(Locale.ROOT, "00000000:%02X:00.0", pciBus(d.gpu())));
    label(b, "device", "nvidia" + d.gpu());
    label(b, "modelName", d.modelName());
    d.mig()
        .ifPresent(m -> {
          label(b, "GPU_I_PROFILE", m.profile());
          label(b, "GPU_I_ID", Integer.toString(m.instance()));
        });
    label(b, "Hostname", d.host());
    label(b, "DCGM_FI_DRIVER_VERSION", DRIVER_VERSION);
    d.holder()
        .ifPresent(p -> {
          label(b, "container", p.container());
          label(b, "namespace", p.namespace());
          label(b, "pod", p.pod());
        });
    return b.toString();
  }

  private static int pciBus(int gpu) {
    return (0x18 + 0x11 * gpu) % 0x100;
  }

  private static void label(StringBuilder b, String name, String value) {
    if (!b.isEmpty()) {
      b.append(',');
    }
    b.append(name).append("=\"");
    for (char ch : value.toCharArray()) {
      switch (ch) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        default -> b.append(ch);
      }
    }
    b.append('"');
  }

  /** The entries must describe a fleet the real exporter could report. */
  private static final class FleetCheck {
    private FleetCheck() {}

    static void check(List<SimulatedDevice> devices) {
      Map<String, SimulatedDevice> byDevice = new HashMap<>();
      Map<String, Set<PodRef>> holders = new HashMap<>();
      Map<String, SimulatedDevice> byGpu = new HashMap<>();
      Map<String, SimulatedDevice> byIndex = new HashMap<>();
      for (SimulatedDevice d : devices) {
        Objects.requireNonNull(d, "device entry");
        String key = d.deviceKey();
        SimulatedDevice first = byDevice.putIfAbsent(key, d);
        if (first != null) {
          sameDevice(first, d);
        }
        Set<PodRef> pods = holders.computeIfAbsent(key, k -> new HashSet<>());
        if (first != null && (d.holder().isEmpty() || first.holder().isEmpty())) {
          fail(key, "a device nobody holds is listed once, without pods");
        }
        if (d.holder().isPresent() && !pods.add(d.holder().get())) {
          fail(key, "pod " + d.holder().get() + " listed twice");
        }
        samePhysicalGpu(byGpu.putIfAbsent(d.host() + "/" + d.uuid(), d), d);
        SimulatedDevice atIndex = byIndex.putIfAbsent(d.host() + "#" + d.gpu(), d);
        if (atIndex != null && !atIndex.uuid().equals(d.uuid())) {
          fail(d.host() + " gpu " + d.gpu(), "two UUIDs at one index");
        }
      }
    }

    private static void sameDevice(SimulatedDevice a, SimulatedDevice b) {
      boolean same =
          a.behaviour() == b.behaviour()
              && a.framebufferMib() == b.framebufferMib()
              && a.mig().equals(b.mig());
      if (!same) {
        fail(a.deviceKey(), "time-sliced copies differ in behaviour, frame buffer or MIG profile");
      }
    }

    private static void samePhysicalGpu(SimulatedDevice a, SimulatedDevice b) {
      if (a == null) {
        return;
      }
      if (a.gpu() != b.gpu() || !a.modelName().equals(b.modelName())) {
        fail(a.host() + "/" + a.uuid(), "one UUID with two indices or models");
      }
      Optional<SimulatedDevice.Mig> x = a.mig();
      if (x.isPresent() != b.mig().isPresent()) {
        fail(a.host() + "/" + a.uuid(), "MIG instances and the whole GPU side by side");
      }
    }

    private static void fail(String where, String why) {
      throw new IllegalArgumentException("demo fleet, " + where + ": " + why);
    }
  }
}
