package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.decision.ReasonCode.CLASS_INFERRED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.CLASS_INVALID;
import static io.gpuarbiter.arbitration.decision.ReasonCode.CLASS_MISSING;

import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.Suggestion;
import io.gpuarbiter.arbitration.model.ArbitrationSettings;
import io.gpuarbiter.arbitration.model.ClassificationRule;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import java.util.List;
import java.util.Optional;

/**
 * Step 1: which class a workload belongs to. The label {@code gpu-arbiter.io/class} wins; otherwise
 * the first configured rule matching kind, annotation and completions gives the class with a
 * warning (the requester should label it); with {@code requireExplicitClass} an unlabelled workload
 * is denied instead.
 */
public final class Classification {
  private static final List<Suggestion> ADD_LABEL =
      List.of(
          new Suggestion.AmendRequest(
              "label the workload "
                  + GpuRequest.CLASS_LABEL
                  + "=training|inference|batch|experimentation"));

  private Classification() {}

  public static Verdict<WorkloadClass> classify(
      GpuRequest request, List<ClassificationRule> rules, ArbitrationSettings settings) {
    if (request.explicitClass().isPresent()) {
      return Verdict.pass(request.explicitClass().get());
    }
    String label = request.labels().get(GpuRequest.CLASS_LABEL);
    if (label != null) {
      return WorkloadClass.fromLabel(label)
          .<Verdict<WorkloadClass>>map(Verdict::pass)
          .orElseGet(() ->
              Verdict.fail(
                  Reason.of(
                      CLASS_INVALID,
                      GpuRequest.CLASS_LABEL + "=\"" + label + "\" is not a workload class"),
                  ADD_LABEL));
    }
    if (settings.requireExplicitClass()) {
      return Verdict.fail(
          Reason.of(
              CLASS_MISSING,
              "this organisation requires the label " + GpuRequest.CLASS_LABEL + " on GPU work"),
          ADD_LABEL);
    }
    Optional<ClassificationRule> rule = rules.stream().filter(r -> matches(r, request)).findFirst();
    if (rule.isEmpty()) {
      return Verdict.fail(
          Reason.of(
              CLASS_MISSING,
              "no label "
                  + GpuRequest.CLASS_LABEL
                  + " and no classification rule matches kind "
                  + request.workload().kind()),
          ADD_LABEL);
    }
    WorkloadClass c = rule.get().workloadClass();
    return Verdict.pass(
        c,
        List.of(
            Reason.of(
                CLASS_INFERRED,
                "classified as "
                    + c.label()
                    + " by rule for kind "
                    + rule.get().kind()
                    + "; label it "
                    + GpuRequest.CLASS_LABEL
                    + "="
                    + c.label()
                    + " to make that explicit")));
  }

  static boolean matches(ClassificationRule rule, GpuRequest request) {
    if (!rule.kind().equals("*") && !rule.kind().equals(request.workload().kind())) {
      return false;
    }
    if (rule.requiresCompletions() && request.completions().isEmpty()) {
      return false;
    }
    if (rule.annotation().isPresent()) {
      String value = request.annotations().get(rule.annotation().get());
      if (value == null) {
        return false;
      }
      return rule.annotationValue().map(value::equals).orElse(true);
    }
    return true;
  }
}
