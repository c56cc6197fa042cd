package io.gpuarbiter.api.model;

import io.gpuarbiter.api.Decimals;
import io.gpuarbiter.arbitration.model.AuthorityRule;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.ClassificationRule;
import io.gpuarbiter.arbitration.model.CoexistenceRule;
import io.gpuarbiter.arbitration.model.DepartmentCap;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Labelled;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.model.LoadedModel;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The governance model as the API shows it: the engine's records translated at the edge, with GPUe
 * as decimals and units spelled out in field names. The engine's types stay free of JSON.
 */
@Serdeable
public record ModelView(
    String apiVersion,
    String digest,
    String source,
    Instant loadedAt,
    OrgView organization,
    List<PoolView> pools,
    List<ClassView> classes,
    List<CoexistenceView> coexistence,
    List<QuotaView> quotas,
    List<CapView> departmentCaps,
    List<ReservationView> reservations,
    List<AuthorityView> authority,
    List<ClassificationView> classification,
    SettingsView settings,
    List<UserView> users) {

  static ModelView of(LoadedModel loaded, Optional<Instant> loadedAt) {
    GovernanceModel m = loaded.model();
    return new ModelView(
        LoadedModel.API_VERSION,
        loaded.digest(),
        loaded.source(),
        loadedAt.orElse(null),
        OrgView.of(m),
        m.pools().stream().map(PoolView::of).toList(),
        m.classes().values().stream().map(ClassView::of).sorted(ClassView.ORDER).toList(),
        m.coexistence().stream().map(CoexistenceView::of).toList(),
        m.quotas().stream().map(QuotaView::of).toList(),
        m.departmentCaps().stream().map(CapView::of).toList(),
        m.reservations().stream().map(ReservationView::of).toList(),
        m.authority().stream().map(AuthorityView::of).toList(),
        m.classification().stream().map(ClassificationView::of).toList(),
        new SettingsView(
            m.settings().requireExplicitClass(), m.settings().allowUnsizedWithWarning()),
        m.directory().users().stream().map(UserView::of).toList());
  }

  static BigDecimal gpue(Gpue g) {
    return Decimals.of(g);
  }

  static List<String> labels(Collection<? extends Labelled> values) {
    return values.stream().map(Labelled::label).sorted().toList();
  }

  @Serdeable
  public record OrgView(String name, List<DepartmentView> departments) {
    static OrgView of(GovernanceModel m) {
      var org = m.organization();
      return new OrgView(
          org.name(),
          org.departments().stream()
              .map(d ->
                  new DepartmentView(
                      d.id().value(),
                      d.displayName(),
                      org.teamsOf(d.id()).stream()
                          .map(t -> new TeamView(t.id().value(), t.displayName(), t.namespaces()))
                          .toList()))
              .toList());
    }
  }

  @Serdeable
  public record DepartmentView(String id, String name, List<TeamView> teams) {}

  @Serdeable
  public record TeamView(String id, String name, List<String> namespaces) {}

  @Serdeable
  public record PoolView(
      String id,
      String gpuModel,
      long gpuMemoryMiB,
      int gpus,
      int powerWattsPerGpu,
      List<String> sharing,
      List<String> migProfiles,
      java.util.Map<String, String> nodeLabels,
      List<String> taints,
      String scheduler,
      boolean rewriteToMig) {
    static PoolView of(Pool p) {
      return new PoolView(
          p.id().value(),
          p.gpuModel(),
          p.gpuMemoryMiB(),
          p.gpuCount(),
          p.powerWattsPerGpu(),
          labels(p.sharingModes()),
          p.migProfiles(),
          p.nodeLabels(),
          p.taints().stream().map(t -> t.key() + "=" + t.value() + ":" + t.effect()).toList(),
          p.scheduler().label(),
          p.rewriteToMig());
    }
  }

  @Serdeable
  public record ClassView(
      String name,
      int priority,
      String kueuePriorityClass,
      String kaiPriorityClass,
      boolean preemptible,
      List<String> sharing,
      Long maxDurationHours,
      boolean requiresMaxRuntime,
      boolean checkpointingWhenPreemptible) {
    static final java.util.Comparator<ClassView> ORDER =
        java.util.Comparator.comparing(ClassView::name);

    static ClassView of(ClassPolicy c) {
      return new ClassView(
          c.workloadClass().label(),
          c.priority(),
          c.kueuePriorityClass(),
          c.kaiPriorityClass(),
          c.preemptible(),
          labels(c.allowedSharing()),
          c.maxDuration().map(d -> d.toHours()).orElse(null),
          c.requiresMaxRuntime(),
          c.requiresCheckpointingWhenPreemptible());
    }
  }

  @Serdeable
  public record CoexistenceView(List<String> classes, List<String> via) {
    static CoexistenceView of(CoexistenceRule r) {
      return new CoexistenceView(List.of(r.first().label(), r.second().label()), labels(r.via()));
    }
  }

  @Serdeable
  public record QuotaView(
      String team,
      String pool,
      BigDecimal guaranteed,
      BigDecimal borrowingLimit,
      BigDecimal lendingLimit,
      Double gpuHourBudget,
      Long gpuHourPeriodHours,
      Long powerBudgetWatts) {
    static QuotaView of(Quota q) {
      return new QuotaView(
          q.team().value(),
          q.pool().value(),
          gpue(q.guaranteed()),
          q.borrowingLimit().map(ModelView::gpue).orElse(null),
          q.lendingLimit().map(ModelView::gpue).orElse(null),
          q.gpuHourBudget().map(Quota.GpuHourBudget::gpuHours).orElse(null),
          q.gpuHourBudget().map(b -> b.period().toHours()).orElse(null),
          q.powerBudgetWatts().orElse(null));
    }
  }

  @Serdeable
  public record CapView(String department, String pool, BigDecimal max) {
    static CapView of(DepartmentCap c) {
      return new CapView(c.department().value(), c.pool().value(), gpue(c.max()));
    }
  }

  @Serdeable
  public record ReservationView(
      String id,
      String sponsor,
      String initiative,
      String team,
      String pool,
      BigDecimal size,
      Instant from,
      Instant until,
      String mode) {
    static ReservationView of(Reservation r) {
      return new ReservationView(
          r.id().value(),
          r.sponsor().value(),
          r.initiative(),
          r.team().value(),
          r.pool().value(),
          gpue(r.size()),
          r.from(),
          r.until(),
          r.mode().label());
    }
  }

  @Serdeable
  public record AuthorityView(
      String scope,
      String unit,
      String action,
      BigDecimal limit,
      String approvers,
      BigDecimal twoApproversAbove,
      List<String> vetoGroups) {
    static AuthorityView of(AuthorityRule a) {
      return new AuthorityView(
          a.scope().label(),
          a.unit().orElse(null),
          a.action().label(),
          gpue(a.limit()),
          a.approverGroup(),
          a.twoApproversAbove().map(ModelView::gpue).orElse(null),
          a.vetoGroups());
    }
  }

  @Serdeable
  public record ClassificationView(
      String kind,
      String annotation,
      String annotationValue,
      boolean withCompletions,
      String workloadClass) {
    static ClassificationView of(ClassificationRule r) {
      return new ClassificationView(
          r.kind(),
          r.annotation().orElse(null),
          r.annotationValue().orElse(null),
          r.requiresCompletions(),
          r.workloadClass().label());
    }
  }

  @Serdeable
  public record SettingsView(boolean requireExplicitClass, boolean allowUnsizedWithWarning) {}

  @Serdeable
  public record UserView(String id, String name, List<String> groups, List<String> roles) {
    static UserView of(User u) {
      return new UserView(
          u.id().value(),
          u.displayName(),
          u.groups().stream().sorted().toList(),
          labels(u.roles()));
    }
  }
}
