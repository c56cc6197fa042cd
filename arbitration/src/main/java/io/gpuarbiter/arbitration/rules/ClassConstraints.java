package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.decision.ReasonCode.CLASS_CHECKPOINTING_REQUIRED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.CLASS_MAX_RUNTIME_EXCEEDED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.CLASS_MAX_RUNTIME_MISSING;

import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.Suggestion;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.request.GpuRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a class demands of its workloads: a declared maximum runtime within the class limit (e.g.
 * experimentation), and checkpointing before running on preemptible or borrowed capacity (e.g.
 * training), because preemption without a checkpoint throws the work away.
 */
public final class ClassConstraints {
  private ClassConstraints() {}

  /** Runtime rules, independent of where the workload lands. */
  public static Optional<Verdict.Fail<Void>> checkRuntime(GpuRequest request, ClassPolicy policy) {
    String cls = policy.workloadClass().label();
    Optional<Duration> declared = request.maxRuntime();
    if (policy.requiresMaxRuntime() && declared.isEmpty()) {
      String limit = policy.maxDuration().map(d -> " of at most " + human(d)).orElse("");
      return Optional.of(
          new Verdict.Fail<>(
              List.of(
                  Reason.of(
                      CLASS_MAX_RUNTIME_MISSING,
                      cls + " workloads must declare a maximum runtime" + limit)),
              List.of(new Suggestion.AmendRequest("declare a maximum runtime" + limit))));
    }
    if (declared.isPresent()
        && policy.maxDuration().isPresent()
        && declared.get().compareTo(policy.maxDuration().get()) > 0) {
      String limit = human(policy.maxDuration().get());
      return Optional.of(
          new Verdict.Fail<>(
              List.of(
                  Reason.of(
                      CLASS_MAX_RUNTIME_EXCEEDED,
                      "declared runtime "
                          + human(declared.get())
                          + " exceeds the "
                          + cls
                          + " limit of "
                          + limit)),
              List.of(new Suggestion.AmendRequest("declare a runtime of at most " + limit))));
    }
    return Optional.empty();
  }

  /** Whether this workload may run preemptible (on borrowed or lent capacity) under its class. */
  public static boolean mayRunPreemptible(GpuRequest request, ClassPolicy policy) {
    return !policy.requiresCheckpointingWhenPreemptible() || request.checkpointing();
  }

  /** Why it may not run preemptible, for denials that hinge on it. */
  public static Reason checkpointingRequired(ClassPolicy policy) {
    return Reason.of(
        CLASS_CHECKPOINTING_REQUIRED,
        policy.workloadClass().label()
            + " workloads must declare checkpointing to run on preemptible or borrowed capacity");
  }

  static String human(Duration d) {
    long minutes = d.toMinutes();
    if (minutes % 60 != 0) {
      return minutes + "m";
    }
    return minutes / 60 + "h";
  }
}
