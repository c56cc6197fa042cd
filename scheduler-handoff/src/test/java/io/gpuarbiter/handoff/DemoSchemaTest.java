package io.gpuarbiter.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.handoff.model.Kind;
import io.gpuarbiter.handoff.model.Ownership;
import io.gpuarbiter.handoff.model.Rendering;
import io.gpuarbiter.handoff.model.Target;
import io.gpuarbiter.handoff.testing.CrdSchemas;
import io.gpuarbiter.handoff.testing.KueueRules;
import io.gpuarbiter.handoff.testing.Repo;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every object rendered for the demo organisation validates against the real CRD schemas. */
class DemoSchemaTest {
  /** Inside the demo's reservation window, so reserved capacity is rendered too. */
  static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

  private static CrdSchemas schemas;

  @BeforeAll
  static void loadSchemas() {
    schemas = CrdSchemas.load();
  }

  static Rendering demo(Target target) {
    return SchedulerObjects.render(Repo.demoModel(), target, AT, true);
  }

  static Stream<Arguments> demoObjects() {
    return demo(Target.ALL).objects().stream()
        .map(o -> Arguments.of(o.getKind() + " " + o.getMetadata().getName(), o));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("demoObjects")
  void validatesAgainstItsCrd(String name, GenericKubernetesResource object) {
    assertThat(schemas.validate(object)).as(name).isEmpty();
    assertThat(Ownership.isOwned(object)).as(name + " labelled as owned").isTrue();
  }

  @Test
  void demoRendersEveryKind() {
    Rendering all = demo(Target.ALL);
    for (Kind kind : Kind.ALL) {
      assertThat(all.ofKind(kind)).as(kind.kind()).isNotEmpty();
    }
    assertThat(KueueRules.violations(all)).isEmpty();
  }

  @Test
  void aTypoOrAWrongTypeFailsValidation() {
    GenericKubernetesResource cq = demo(Target.KUEUE).ofKind(Kind.CLUSTER_QUEUE).get(0);
    KueueRules.spec(cq).put("cohort", "research"); // v1beta1's field name, gone in v1beta2
    assertThat(schemas.validate(cq)).isNotEmpty();
    GenericKubernetesResource queue = demo(Target.KAI).ofKind(Kind.KAI_QUEUE).get(0);
    KueueRules.spec(queue).put("parentQueue", List.of("research"));
    assertThat(schemas.validate(queue)).isNotEmpty();
  }

  @Test
  void aQuantityOutsideTheQuantityPatternFailsValidation() {
    GenericKubernetesResource cq = demo(Target.KUEUE).ofKind(Kind.CLUSTER_QUEUE).get(0);
    var group = KueueRules.list(KueueRules.spec(cq).get("resourceGroups")).get(0);
    var flavor = KueueRules.list(group.get("flavors")).get(0);
    KueueRules.list(flavor.get("resources")).get(0).put("nominalQuota", "twelve");
    assertThat(schemas.validate(cq)).isNotEmpty();
  }
}
