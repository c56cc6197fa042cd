package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.SchedulerTarget;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.Taint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code pools:} — GPU model, memory, count, power, sharing, MIG, nodes, scheduler. */
final class PoolReader {
  private static final Pattern MIG_PROFILE = Pattern.compile("\\d+g\\.\\d+gb(\\+me)?");
  private static final Set<String> TAINT_EFFECTS =
      Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "gpuModel",
          "gpuMemory",
          "gpus",
          "powerPerGpu",
          "sharing",
          "migProfiles",
          "nodeLabels",
          "taints",
          "scheduler",
          "rewriteToMig");

  private PoolReader() {}

  /**
   * Reads the pools; {@code declared} receives the id of every pool entry, parsed or not, so a pool
   * with a typo in its memory is not also reported as unknown wherever it is referenced.
   */
  static List<Pool> read(Section root, Set<String> declared) {
    List<Pool> pools = new ArrayList<>();
    List<Section> sections = root.sections("pools");
    if (sections.isEmpty()) {
      root.problem(null, "a model needs at least one pool (\"pools\")");
    }
    Set<String> seen = new HashSet<>();
    for (Section s : sections) {
      s.string("id").ifPresent(declared::add);
      pool(s)
          .ifPresent(p -> {
            if (seen.add(p.id().value())) {
              pools.add(p);
            } else {
              s.problem("id", "duplicate pool id \"" + p.id() + "\"");
            }
          });
    }
    return pools;
  }

  private static Optional<Pool> pool(Section s) {
    s.allowOnly(FIELDS);
    Optional<PoolId> id = s.requiredParsed("id", PoolId::new);
    Optional<String> model = s.requiredString("gpuModel");
    Optional<Long> memory = s.requiredParsed("gpuMemory", Units::memoryMiB);
    Optional<Integer> gpus = s.requiredParsed("gpus", PoolReader::count);
    Optional<Long> watts = s.requiredParsed("powerPerGpu", Units::watts);
    Set<SharingMode> sharing =
        new HashSet<>(s.parsedList("sharing", Labels.of(SharingMode.values(), "sharing mode")));
    if (sharing.isEmpty() && !s.has("sharing")) {
      sharing.add(SharingMode.WHOLE);
    }
    List<String> mig = s.parsedList("migProfiles", PoolReader::migProfile);
    if (sharing.contains(SharingMode.MIG) && mig.isEmpty()) {
      s.problem("sharing", "offers mig but lists no migProfiles");
    }
    if (!mig.isEmpty() && !sharing.contains(SharingMode.MIG)) {
      s.problem("migProfiles", "lists MIG profiles but \"sharing\" does not include mig");
    }
    List<Taint> taints = taints(s);
    SchedulerTarget scheduler =
        s.parsed("scheduler", Labels.of(SchedulerTarget.values(), "scheduler"))
            .orElse(SchedulerTarget.KUEUE);
    boolean rewrite = s.flag("rewriteToMig", false);
    if (!s.clean()) {
      return Optional.empty();
    }
    return Optional.of(
        new Pool(
            id.orElseThrow(),
            model.orElseThrow(),
            memory.orElseThrow(),
            gpus.orElseThrow(),
            Math.toIntExact(watts.orElseThrow()),
            sharing,
            mig,
            s.stringMap("nodeLabels"),
            taints,
            scheduler,
            rewrite));
  }

  private static List<Taint> taints(Section pool) {
    List<Taint> taints = new ArrayList<>();
    for (Section t : pool.sections("taints")) {
      t.allowOnly(Set.of("key", "value", "effect"));
      Optional<String> key = t.requiredString("key");
      String value = t.string("value").orElse("");
      Optional<String> effect = t.requiredParsed("effect", PoolReader::effect);
      if (t.clean()) {
        taints.add(new Taint(key.orElseThrow(), value, effect.orElseThrow()));
      }
    }
    return taints;
  }

  private static int count(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n > 0 && n <= 1_000_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("expected a GPU count between 1 and 1000000, got " + text);
  }

  private static String migProfile(String text) {
    if (!MIG_PROFILE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "not a MIG profile name (like 1g.10gb or 3g.40gb): \"" + text + "\"");
    }
    return text;
  }

  private static String effect(String text) {
    if (!TAINT_EFFECTS.contains(text)) {
      throw new IllegalArgumentException(
          "taint effect must be NoSchedule, PreferNoSchedule or NoExecute, got \"" + text + "\"");
    }
    return text;
  }
}
