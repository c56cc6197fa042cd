package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.ArbitrationSettings;
import io.gpuarbiter.arbitration.model.ClassificationRule;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.testing.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClassificationTest {
  private static final ArbitrationSettings LENIENT = new ArbitrationSettings(false, false);
  private static final ArbitrationSettings STRICT = new ArbitrationSettings(true, false);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "the explicit class wins over rules",
            aRequest().kind("Deployment").workloadClass(WorkloadClass.BATCH).build(),
            LENIENT,
            "batch",
            null),
        Arguments.of(
            "the class label wins over rules",
            aRequest()
                .kind("Deployment")
                .unclassified()
                .label("gpu-arbiter.io/class", "training")
                .build(),
            LENIENT,
            "training",
            null),
        Arguments.of(
            "a Deployment is inference by rule, with a warning",
            aRequest().kind("Deployment").unclassified().build(),
            LENIENT,
            "inference",
            "class.inferred"),
        Arguments.of(
            "a PyTorchJob is training by rule",
            aRequest().kind("PyTorchJob").unclassified().build(),
            LENIENT,
            "training",
            "class.inferred"),
        Arguments.of(
            "a Job with completions is batch",
            aRequest().kind("Job").unclassified().completions(10).build(),
            LENIENT,
            "batch",
            "class.inferred"),
        Arguments.of(
            "a Job without completions matches no rule",
            aRequest().kind("Job").unclassified().build(),
            LENIENT,
            null,
            "class.missing"));
  }

  static Stream<Arguments> byRules() {
    return Stream.of(
        Arguments.of(
            "a lone Pod is experimentation",
            aRequest().kind("Pod").unclassified().build(),
            LENIENT,
            "experimentation",
            "class.inferred"),
        Arguments.of(
            "an annotation rule matches before the kind rule",
            aRequest()
                .kind("Pod")
                .unclassified()
                .annotation("notebooks.kubeflow.org/name", "x")
                .build(),
            LENIENT,
            "batch",
            "class.inferred"),
        Arguments.of(
            "requiring explicit classes denies an unlabelled Deployment",
            aRequest().kind("Deployment").unclassified().build(),
            STRICT,
            null,
            "class.missing"),
        Arguments.of(
            "an unknown label value is denied",
            aRequest().unclassified().label("gpu-arbiter.io/class", "mining").build(),
            LENIENT,
            null,
            "class.invalid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"cases", "byRules"})
  void classifies(
      String name,
      GpuRequest request,
      ArbitrationSettings settings,
      String wantClass,
      String wantCode) {
    List<ClassificationRule> rules = new ArrayList<>();
    rules.add(
        new ClassificationRule(
            "Pod",
            Optional.of("notebooks.kubeflow.org/name"),
            Optional.empty(),
            false,
            WorkloadClass.BATCH));
    rules.addAll(Models.classification());

    Verdict<WorkloadClass> v = Classification.classify(request, rules, settings);

    switch (v) {
      case Verdict.Pass<WorkloadClass> p -> {
        assertThat(p.value().label()).isEqualTo(wantClass);
        if (wantCode == null) {
          assertThat(p.notes()).isEmpty();
        } else {
          assertThat(p.notes()).extracting(r -> r.code().code()).containsExactly(wantCode);
        }
      }
      case Verdict.Fail<WorkloadClass> f -> {
        assertThat(wantClass).as("expected a class, got " + f.reasons()).isNull();
        assertThat(f.reasons()).extracting(r -> r.code().code()).containsExactly(wantCode);
        assertThat(f.suggestions()).isNotEmpty();
      }
    }
  }
}
