package io.gpuarbiter.arbitration.testing;

import io.gpuarbiter.arbitration.model.ArbitrationSettings;
import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.AuthorityRule;
import io.gpuarbiter.arbitration.model.AuthorityScope;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.ClassificationRule;
import io.gpuarbiter.arbitration.model.CoexistenceRule;
import io.gpuarbiter.arbitration.model.Department;
import io.gpuarbiter.arbitration.model.DepartmentCap;
import io.gpuarbiter.arbitration.model.DepartmentId;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.ReservationId;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.SchedulerTarget;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.Taint;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Governance models for tests, shipped in the test-jar. {@link #demoLike()} is a small but complete
 * organisation; {@link #aModel()} starts a {@link ModelBuilder} from it to vary one part.
 *
 * <p>Demo: departments research (teams nlp, vision) and product (search, serving). Pools h100 (16 ×
 * H100-80GB, Kueue, whole + MIG, rewrite to MIG), a100 (8 × A100-80GB, KAI, whole + time-slicing +
 * MPS), l4 (8 × L4, no scheduler, whole + time-slicing).
 */
public final class Models {
  /** Inside every reservation window of the demo model. */
  public static final Instant NOW = Instant.parse("2025-06-02T10:00:00Z");

  private Models() {}

  public static GovernanceModel demoLike() {
    return aModel().build();
  }

  public static ModelBuilder aModel() {
    return new ModelBuilder()
        .organization(
            new io.gpuarbiter.arbitration.model.Organization(
                "acme",
                List.of(
                    new Department(new DepartmentId("research"), "Research"),
                    new Department(new DepartmentId("product"), "Product")),
                List.of(
                    team("nlp", "research"),
                    team("vision", "research"),
                    team("search", "product"),
                    team("serving", "product"))))
        .pools(List.of(h100(), a100(), l4()))
        .classes(classes())
        .coexistence(
            List.of(
                new CoexistenceRule(WorkloadClass.TRAINING, WorkloadClass.INFERENCE, Set.of()),
                new CoexistenceRule(
                    WorkloadClass.INFERENCE, WorkloadClass.INFERENCE, Set.of(SharingMode.MIG)),
                new CoexistenceRule(
                    WorkloadClass.TRAINING, WorkloadClass.EXPERIMENTATION, Set.of())))
        .quotas(
            List.of(
                quota("nlp", "h100", "4", "4", "2"),
                quota("vision", "h100", "4", "2", null),
                quota("search", "h100", "2", null, null),
                quota("serving", "h100", "2", "2", null),
                quota("nlp", "a100", "2", "2", null),
                quota("vision", "a100", "2", "2", null),
                quota("serving", "a100", "2", null, null),
                quota("nlp", "l4", "4", null, null),
                quota("serving", "l4", "4", null, null)))
        .departmentCaps(
            List.of(
                new DepartmentCap(new DepartmentId("research"), new PoolId("h100"), gpue("10"))))
        .reservations(
            List.of(
                reservation("launch", "serving", "h100", "2", ReservationMode.STRICT),
                reservation("eval", "vision", "a100", "2", ReservationMode.LENDABLE_WHEN_IDLE)))
        .authority(authority())
        .classification(classification())
        .directory(directory())
        .settings(new ArbitrationSettings(false, false));
  }

  /**
   * Over-quota admission: team leads ≤ 2, department heads ≤ 8 (two above 4, finance may veto), the
   * GPU council ≤ 64; quota increases go to the council.
   */
  public static List<AuthorityRule> authority() {
    return List.of(
        authority(AuthorityScope.TEAM, "2", "team-leads", null, List.of()),
        authority(AuthorityScope.DEPARTMENT, "8", "dept-heads", "4", List.of("finance")),
        authority(AuthorityScope.ORGANIZATION, "64", "gpu-council", "16", List.of()),
        new AuthorityRule(
            AuthorityScope.ORGANIZATION,
            Optional.empty(),
            AuthorityAction.QUOTA_INCREASE,
            gpue("100"),
            "gpu-council",
            Optional.empty(),
            List.of()));
  }

  public static List<ClassificationRule> classification() {
    return List.of(
        rule("PyTorchJob", WorkloadClass.TRAINING),
        rule("TrainJob", WorkloadClass.TRAINING),
        rule("Deployment", WorkloadClass.INFERENCE),
        rule("InferenceService", WorkloadClass.INFERENCE),
        new ClassificationRule(
            "Job", Optional.empty(), Optional.empty(), true, WorkloadClass.BATCH),
        rule("Pod", WorkloadClass.EXPERIMENTATION));
  }

  public static io.gpuarbiter.arbitration.model.Directory directory() {
    return new io.gpuarbiter.arbitration.model.Directory(
        List.of(
            user("alice", "team-leads"),
            user("bob", "team-leads"),
            user("carol", "dept-heads"),
            user("dave", "dept-heads"),
            user("erin", "gpu-council"),
            user("fay", "gpu-council"),
            user("frank", "finance")));
  }

  public static Map<WorkloadClass, ClassPolicy> classes() {
    Set<SharingMode> all = Set.of(SharingMode.values());
    return Map.of(
        WorkloadClass.TRAINING,
        new ClassPolicy(
            WorkloadClass.TRAINING,
            1000,
            "training",
            "train",
            false,
            Set.of(SharingMode.WHOLE),
            Optional.empty(),
            false,
            true),
        WorkloadClass.INFERENCE,
        new ClassPolicy(
            WorkloadClass.INFERENCE,
            900,
            "inference",
            "inference",
            false,
            Set.of(SharingMode.WHOLE, SharingMode.MIG),
            Optional.empty(),
            false,
            false),
        WorkloadClass.BATCH,
        new ClassPolicy(
            WorkloadClass.BATCH, 100, "batch", "train", true, all, Optional.empty(), false, false),
        WorkloadClass.EXPERIMENTATION,
        new ClassPolicy(
            WorkloadClass.EXPERIMENTATION,
            500,
            "experimentation",
            "build",
            false,
            all,
            Optional.of(Duration.ofHours(8)),
            true,
            false));
  }

  public static Pool h100() {
    return new Pool(
        new PoolId("h100"),
        "H100-80GB",
        81920,
        16,
        700,
        Set.of(SharingMode.WHOLE, SharingMode.MIG),
        List.of(),
        Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"),
        List.of(new Taint("nvidia.com/gpu", "present", "NoSchedule")),
        SchedulerTarget.KUEUE,
        true);
  }

  public static Pool a100() {
    return new Pool(
        new PoolId("a100"),
        "A100-80GB",
        81920,
        8,
        400,
        Set.of(SharingMode.WHOLE, SharingMode.TIME_SLICING, SharingMode.MPS),
        List.of(),
        Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"),
        List.of(),
        SchedulerTarget.KAI,
        false);
  }

  public static Pool l4() {
    return new Pool(
        new PoolId("l4"),
        "L4",
        24576,
        8,
        72,
        Set.of(SharingMode.WHOLE, SharingMode.TIME_SLICING),
        List.of(),
        Map.of("nvidia.com/gpu.product", "NVIDIA-L4"),
        List.of(),
        SchedulerTarget.NONE,
        false);
  }

  public static Team team(String id, String department) {
    return new Team(new TeamId(id), id, new DepartmentId(department), List.of(id));
  }

  public static Gpue gpue(String text) {
    return Gpue.parse(text);
  }

  /** A quota; null limits mean "none given". */
  public static Quota quota(
      String team, String pool, String guaranteed, String borrowingLimit, String lendingLimit) {
    return new Quota(
        new TeamId(team),
        new PoolId(pool),
        gpue(guaranteed),
        Optional.ofNullable(borrowingLimit).map(Models::gpue),
        Optional.ofNullable(lendingLimit).map(Models::gpue),
        Optional.empty(),
        Optional.empty());
  }

  /** A reservation for the whole of June 2025. */
  public static Reservation reservation(
      String id, String team, String pool, String size, ReservationMode mode) {
    return new Reservation(
        new ReservationId(id),
        new UserId("vp-" + team),
        id + " initiative",
        new TeamId(team),
        new PoolId(pool),
        gpue(size),
        Instant.parse("2025-06-01T00:00:00Z"),
        Instant.parse("2025-07-01T00:00:00Z"),
        mode);
  }

  public static AuthorityRule authority(
      AuthorityScope scope, String limit, String group, String twoAbove, List<String> veto) {
    return new AuthorityRule(
        scope,
        Optional.empty(),
        AuthorityAction.OVER_QUOTA_ADMISSION,
        gpue(limit),
        group,
        Optional.ofNullable(twoAbove).map(Models::gpue),
        veto);
  }

  public static ClassificationRule rule(String kind, WorkloadClass cls) {
    return new ClassificationRule(kind, Optional.empty(), Optional.empty(), false, cls);
  }

  public static User user(String id, String... groups) {
    return new User(new UserId(id), id, Set.of(groups), Set.of(Role.APPROVER));
  }
}
