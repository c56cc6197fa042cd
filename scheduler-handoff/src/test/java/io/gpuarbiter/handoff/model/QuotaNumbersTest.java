package io.gpuarbiter.handoff.model;

import static io.gpuarbiter.arbitration.testing.Models.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.arbitration.model.DepartmentCap;
import io.gpuarbiter.arbitration.model.DepartmentId;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.ReservationId;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.testing.ModelBuilder;
import io.gpuarbiter.handoff.testing.KueueRules;
import io.gpuarbiter.handoff.testing.Repo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The numbers the demo organisation's quotas and reservations compile to. */
class QuotaNumbersTest {
  private static final GovernanceModel DEMO = Repo.demoModel();
  private static final Instant IN_WINDOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant BEFORE_WINDOW = Instant.parse("2026-10-01T00:00:00Z");

  @ParameterizedTest(name = "{0}: {1}/{2} nominal {3}, borrowing {4}, lending {5}")
  @CsvSource(
      nullValues = "-",
      value = {
        "both limits given,          nlp,        h100, 12, 12, 8",
        "no lending limit,           rl,         h100, 4,  4,  -",
        "second pool of a team,      vision,     a100, 8,  4,  -",
        "reservation adds capacity,  assistant,  h100, 26, 4,  18",
      })
  void clusterQueueGpuQuota(
      String what, String team, String pool, long nominal, Long borrowing, Long lending) {
    Map<String, Object> gpu = gpuQuota(render(DEMO, IN_WINDOW), team, pool);
    assertThat(gpu.get("nominalQuota")).as(what).isEqualTo(nominal);
    assertThat(gpu.get("borrowingLimit")).as(what).isEqualTo(borrowing);
    assertThat(gpu.get("lendingLimit")).as(what).isEqualTo(lending);
  }

  @Test
  void anApprovedExcessInForceIsTheTeamsCapacityAndNeverLent() {
    // Before, an approved workload beyond quota could never be admitted by Kueue: nlp's queue
    // stayed at 12 + 12 borrowable while GPU Arbiter had charged it 30.
    List<ApprovedExcess> approved =
        List.of(
            new ApprovedExcess(new TeamId("nlp"), new PoolId("h100"), Gpue.ofWhole(6)),
            new ApprovedExcess(new TeamId("rl"), new PoolId("h100"), Gpue.ofWhole(2)),
            new ApprovedExcess(new TeamId("rl"), new PoolId("h100"), Gpue.ofWhole(1)));
    Rendering r = Renderer.render(DEMO, Target.ALL, IN_WINDOW, false, approved);
    assertThat(KueueRules.violations(r)).isEmpty();

    assertThat(gpuQuota(r, "nlp", "h100"))
        .containsEntry("nominalQuota", 18L)
        .containsEntry("borrowingLimit", 12L)
        .containsEntry("lendingLimit", 8L);
    assertThat(gpuQuota(r, "rl", "h100"))
        .as("without a lending limit, what may be lent is spelled out: the guarantee")
        .containsEntry("nominalQuota", 7L)
        .containsEntry("lendingLimit", 4L);
    assertThat(gpuQuota(r, "vision", "h100")).containsEntry("nominalQuota", 8L);
  }

  @Test
  void outsideItsWindowAReservationAddsNothing() {
    Map<String, Object> gpu = gpuQuota(render(DEMO, BEFORE_WINDOW), "assistant", "h100");
    assertThat(gpu).containsEntry("nominalQuota", 10L).containsEntry("lendingLimit", 2L);
  }

  @Test
  void aStrictReservationIsNeverLent() {
    GovernanceModel model =
        ModelBuilder.from(DEMO)
            .reservations(List.of(reservation("rl", "h100", "3", ReservationMode.STRICT)))
            .build();
    Map<String, Object> gpu = gpuQuota(render(model, IN_WINDOW), "rl", "h100");
    // rl had no lending limit (all 4 lendable); the 3 reserved must stay with rl.
    assertThat(gpu).containsEntry("nominalQuota", 7L).containsEntry("lendingLimit", 4L);
  }

  @Test
  void aReservationWithoutQuotaGivesCapacityButNoBorrowing() {
    GovernanceModel model =
        ModelBuilder.from(DEMO)
            .reservations(
                List.of(reservation("nlp", "a100", "2", ReservationMode.LENDABLE_WHEN_IDLE)))
            .build();
    Map<String, Object> gpu = gpuQuota(render(model, IN_WINDOW), "nlp", "a100");
    assertThat(gpu).containsEntry("nominalQuota", 2L).containsEntry("borrowingLimit", 0L);
  }

  @ParameterizedTest(name = "KAI queue {0}: quota {1}, limit {2}, weight {3}")
  @CsvSource({
    "search,     16, 24, 16",
    "recsys,     8,  12, 8",
    "evals,      8,  16, 8",
    "playground, 8,  16, 8",
    "product,    24, 24, 24",
    "platform,   16, 16, 16",
    "gpu-arbiter-kueue, -1, -1, 1",
  })
  void kaiQueue(String queue, long quota, long limit, long weight) {
    assertThat(kaiGpu(render(DEMO, IN_WINDOW), queue))
        .containsEntry("quota", quota)
        .containsEntry("limit", limit)
        .containsEntry("overQuotaWeight", weight);
  }

  @Test
  void aDepartmentCapBelowItsTeamsBoundsTheKaiParentQueue() {
    List<DepartmentCap> caps = new ArrayList<>(DEMO.departmentCaps());
    caps.removeIf(c -> c.department().value().equals("product") && c.pool().value().equals("l4"));
    caps.add(new DepartmentCap(new DepartmentId("product"), new PoolId("l4"), Gpue.parse("20")));
    GovernanceModel model = ModelBuilder.from(DEMO).departmentCaps(caps).build();
    assertThat(kaiGpu(render(model, IN_WINDOW), "product"))
        .containsEntry("quota", 20L)
        .containsEntry("limit", 20L);
  }

  @Test
  void aKueueDepartmentCapBelowItsTeamsIsReportedNotHidden() {
    List<DepartmentCap> caps = new ArrayList<>(DEMO.departmentCaps());
    caps.add(new DepartmentCap(new DepartmentId("research"), new PoolId("a100"), Gpue.parse("10")));
    GovernanceModel model = ModelBuilder.from(DEMO).departmentCaps(caps).build();
    assertThat(render(model, IN_WINDOW).notes())
        .anyMatch(n -> n.contains("research/a100 = 10") && n.contains("(12)"));
  }

  @Test
  void aFractionalKaiQuotaStaysExact() {
    List<io.gpuarbiter.arbitration.model.Quota> quotas = new ArrayList<>(DEMO.quotas());
    quotas.add(quota("nlp", "l4", "2.5", "0.25", null));
    GovernanceModel model = ModelBuilder.from(DEMO).quotas(quotas).build();
    Map<String, Object> gpu = kaiGpu(render(model, IN_WINDOW), "nlp");
    assertThat(gpu.get("quota").toString()).isEqualTo("2.5");
    assertThat(gpu.get("limit").toString()).isEqualTo("2.75");
  }

  @Test
  void twoQueuesOfOneNameAreRefused() {
    List<io.gpuarbiter.arbitration.model.Quota> quotas = new ArrayList<>(DEMO.quotas());
    quotas.add(quota("ml-platform", "l4", "1", null, null));
    GovernanceModel model =
        ModelBuilder.from(DEMO)
            .organization(Renames.team(DEMO.organization(), "ml-platform", "platform"))
            .quotas(Renames.quotas(quotas, "ml-platform", "platform"))
            .build();
    assertThatThrownBy(() -> render(model, IN_WINDOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("platform");
  }

  static Rendering render(GovernanceModel model, Instant at) {
    Rendering r = Renderer.render(model, Target.ALL, at, false);
    assertThat(KueueRules.violations(r)).isEmpty();
    return r;
  }

  static Map<String, Object> gpuQuota(Rendering r, String team, String pool) {
    GenericKubernetesResource cq = named(r.ofKind(Kind.CLUSTER_QUEUE), team);
    var group = KueueRules.list(KueueRules.spec(cq).get("resourceGroups")).get(0);
    var flavor =
        KueueRules.list(group.get("flavors")).stream()
            .filter(f -> f.get("name").equals(pool))
            .findFirst()
            .orElseThrow();
    return KueueRules.list(flavor.get("resources")).get(0);
  }

  @SuppressWarnings("unchecked") // rendered objects hold JSON-shaped maps
  static Map<String, Object> kaiGpu(Rendering r, String queue) {
    var resources =
        (Map<String, Object>)
            KueueRules.spec(named(r.ofKind(Kind.KAI_QUEUE), queue)).get("resources");
    return (Map<String, Object>) resources.get("gpu");
  }

  static GenericKubernetesResource named(List<GenericKubernetesResource> objects, String name) {
    return objects.stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no object named " + name));
  }

  static Reservation reservation(String team, String pool, String size, ReservationMode mode) {
    return new Reservation(
        new ReservationId("r-" + team),
        new UserId("morgan"),
        "test",
        new TeamId(team),
        new PoolId(pool),
        Gpue.parse(size),
        Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2027-01-01T00:00:00Z"),
        mode);
  }
}
