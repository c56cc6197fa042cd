package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.ArbitrationSettings;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.ClassificationRule;
import io.gpuarbiter.arbitration.model.CoexistenceRule;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads workload classes, coexistence rules, classification rules and engine settings. */
final class ClassReader {
  private static final Function<String, WorkloadClass> CLASS =
      Labels.of(WorkloadClass.values(), "workload class");
  private static final Function<String, SharingMode> SHARING =
      Labels.of(SharingMode.values(), "sharing mode");

  private ClassReader() {}

  static Map<WorkloadClass, ClassPolicy> classes(Section root) {
    Map<WorkloadClass, ClassPolicy> result = new EnumMap<>(WorkloadClass.class);
    Optional<Section> classes = root.requiredSection("classes");
    if (classes.isEmpty()) {
      return result;
    }
    for (WorkloadClass c : WorkloadClass.values()) {
      if (!classes.get().has(c.label())) {
        classes.get().problem(null, "missing workload class \"" + c.label() + "\"");
      }
      classes.get().section(c.label()).flatMap(s -> policy(s, c)).ifPresent(p -> result.put(c, p));
    }
    classes
        .get()
        .allowOnly(
            Set.of(
                WorkloadClass.TRAINING.label(),
                WorkloadClass.INFERENCE.label(),
                WorkloadClass.BATCH.label(),
                WorkloadClass.EXPERIMENTATION.label()));
    return result;
  }

  private static Optional<ClassPolicy> policy(Section s, WorkloadClass c) {
    s.allowOnly(
        Set.of(
            "priority",
            "kueuePriorityClass",
            "kaiPriorityClass",
            "preemptible",
            "sharing",
            "maxDuration",
            "requiresMaxRuntime",
            "checkpointingWhenPreemptible"));
    Optional<Integer> priority = s.requiredParsed("priority", Integer::valueOf);
    Optional<String> kueue = s.requiredString("kueuePriorityClass");
    Optional<String> kai = s.requiredString("kaiPriorityClass");
    boolean preemptible = s.flag("preemptible", false);
    List<SharingMode> sharing = s.parsedList("sharing", SHARING);
    if (!s.has("sharing")) {
      s.problem(null, "missing required field \"sharing\"");
    }
    Optional<Duration> max = s.parsed("maxDuration", Units::duration);
    boolean requiresMax = s.flag("requiresMaxRuntime", false);
    if (requiresMax && max.isEmpty()) {
      s.problem("requiresMaxRuntime", "requires a maximum runtime but sets no maxDuration");
    }
    boolean checkpointing = s.flag("checkpointingWhenPreemptible", false);
    if (!s.clean()) {
      return Optional.empty();
    }
    return Optional.of(
        new ClassPolicy(
            c,
            priority.orElseThrow(),
            kueue.orElseThrow(),
            kai.orElseThrow(),
            preemptible,
            Set.copyOf(sharing),
            max,
            requiresMax,
            checkpointing));
  }

  static List<CoexistenceRule> coexistence(Section root) {
    List<CoexistenceRule> rules = new ArrayList<>();
    for (Section s : root.sections("coexistence")) {
      s.allowOnly(Set.of("classes", "via"));
      List<WorkloadClass> pair = s.parsedList("classes", CLASS);
      List<SharingMode> via = s.parsedList("via", SHARING);
      if (s.clean() && pair.size() != 2) {
        s.problem("classes", "names exactly two classes, got " + pair.size());
      }
      if (!s.has("via")) {
        s.problem(null, "missing required field \"via\" (use [] for never)");
      }
      if (s.clean()) {
        rules.add(new CoexistenceRule(pair.get(0), pair.get(1), Set.copyOf(via)));
      }
    }
    return rules;
  }

  static List<ClassificationRule> classification(Section root) {
    List<ClassificationRule> rules = new ArrayList<>();
    for (Section s : root.sections("classification")) {
      s.allowOnly(Set.of("kind", "annotation", "annotationValue", "withCompletions", "class"));
      Optional<String> kind = s.requiredString("kind");
      Optional<String> annotation = s.string("annotation");
      Optional<String> value = s.string("annotationValue");
      if (value.isPresent() && annotation.isEmpty()) {
        s.problem("annotationValue", "needs \"annotation\" too");
      }
      boolean completions = s.flag("withCompletions", false);
      Optional<WorkloadClass> c = s.requiredParsed("class", CLASS);
      if (s.clean()) {
        rules.add(
            new ClassificationRule(
                kind.orElseThrow(), annotation, value, completions, c.orElseThrow()));
      }
    }
    return rules;
  }

  static ArbitrationSettings settings(Section root) {
    Optional<Section> s = root.section("settings");
    s.ifPresent(x -> x.allowOnly(Set.of("requireExplicitClass", "allowUnsizedWithWarning")));
    return new ArbitrationSettings(
        s.map(x -> x.flag("requireExplicitClass", false)).orElse(false),
        s.map(x -> x.flag("allowUnsizedWithWarning", false)).orElse(false));
  }
}
