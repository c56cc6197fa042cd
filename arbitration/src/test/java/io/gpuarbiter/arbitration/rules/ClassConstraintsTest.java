package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Requests;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Demo: experimentation must declare ≤ 8h; training must checkpoint to run preemptible. */
class ClassConstraintsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "experimentation within its limit passes",
            WorkloadClass.EXPERIMENTATION,
            aRequest().maxRuntime(Duration.ofHours(8)),
            "runtime=ok preemptible=yes"),
        Arguments.of(
            "experimentation without a runtime fails",
            WorkloadClass.EXPERIMENTATION,
            aRequest(),
            "runtime=class.max-runtime-missing preemptible=yes"),
        Arguments.of(
            "experimentation over its limit fails",
            WorkloadClass.EXPERIMENTATION,
            aRequest().maxRuntime(Duration.ofMinutes(481)),
            "runtime=class.max-runtime-exceeded preemptible=yes"),
        Arguments.of(
            "training without checkpointing may not run preemptible",
            WorkloadClass.TRAINING,
            aRequest(),
            "runtime=ok preemptible=no"),
        Arguments.of(
            "training with checkpointing may",
            WorkloadClass.TRAINING,
            aRequest().checkpointing(),
            "runtime=ok preemptible=yes"),
        Arguments.of(
            "batch needs neither", WorkloadClass.BATCH, aRequest(), "runtime=ok preemptible=yes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void constrains(String name, WorkloadClass cls, Requests request, String want) {
    ClassPolicy policy = Models.classes().get(cls);
    var r = request.workloadClass(cls).build();

    String runtime =
        ClassConstraints.checkRuntime(r, policy)
            .map(f -> f.reasons().get(0).code().code())
            .orElse("ok");
    String preemptible = ClassConstraints.mayRunPreemptible(r, policy) ? "yes" : "no";

    assertThat("runtime=" + runtime + " preemptible=" + preemptible).isEqualTo(want);
  }
}
