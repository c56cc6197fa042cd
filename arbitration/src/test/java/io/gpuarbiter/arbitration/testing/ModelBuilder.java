package io.gpuarbiter.arbitration.testing;

import io.gpuarbiter.arbitration.model.ArbitrationSettings;
import io.gpuarbiter.arbitration.model.AuthorityRule;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.ClassificationRule;
import io.gpuarbiter.arbitration.model.CoexistenceRule;
import io.gpuarbiter.arbitration.model.DepartmentCap;
import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Organization;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.util.List;
import java.util.Map;

/** Builds a {@link GovernanceModel} part by part; start from {@link Models#aModel()}. */
public final class ModelBuilder {
  private Organization organization;
  private List<Pool> pools = List.of();
  private Map<WorkloadClass, ClassPolicy> classes = Map.of();
  private List<CoexistenceRule> coexistence = List.of();
  private List<Quota> quotas = List.of();
  private List<DepartmentCap> departmentCaps = List.of();
  private List<Reservation> reservations = List.of();
  private List<AuthorityRule> authority = List.of();
  private List<ClassificationRule> classification = List.of();
  private Directory directory = new Directory(List.of());
  private ArbitrationSettings settings = new ArbitrationSettings(false, false);

  /** A builder holding the model's parts. */
  public static ModelBuilder from(GovernanceModel m) {
    return new ModelBuilder()
        .organization(m.organization())
        .pools(m.pools())
        .classes(m.classes())
        .coexistence(m.coexistence())
        .quotas(m.quotas())
        .departmentCaps(m.departmentCaps())
        .reservations(m.reservations())
        .authority(m.authority())
        .classification(m.classification())
        .directory(m.directory())
        .settings(m.settings());
  }

  public ModelBuilder organization(Organization value) {
    organization = value;
    return this;
  }

  public ModelBuilder pools(List<Pool> value) {
    pools = value;
    return this;
  }

  public ModelBuilder classes(Map<WorkloadClass, ClassPolicy> value) {
    classes = value;
    return this;
  }

  public ModelBuilder coexistence(List<CoexistenceRule> value) {
    coexistence = value;
    return this;
  }

  public ModelBuilder quotas(List<Quota> value) {
    quotas = value;
    return this;
  }

  public ModelBuilder departmentCaps(List<DepartmentCap> value) {
    departmentCaps = value;
    return this;
  }

  public ModelBuilder reservations(List<Reservation> value) {
    reservations = value;
    return this;
  }

  public ModelBuilder authority(List<AuthorityRule> value) {
    authority = value;
    return this;
  }

  public ModelBuilder classification(List<ClassificationRule> value) {
    classification = value;
    return this;
  }

  public ModelBuilder directory(Directory value) {
    directory = value;
    return this;
  }

  public ModelBuilder settings(ArbitrationSettings value) {
    settings = value;
    return this;
  }

  public GovernanceModel build() {
    return new GovernanceModel(
        organization,
        pools,
        classes,
        coexistence,
        quotas,
        departmentCaps,
        reservations,
        authority,
        classification,
        directory,
        settings);
  }
}
