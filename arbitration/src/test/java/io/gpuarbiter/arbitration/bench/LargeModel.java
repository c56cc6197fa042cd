package io.gpuarbiter.arbitration.bench;

import io.gpuarbiter.arbitration.model.Department;
import io.gpuarbiter.arbitration.model.DepartmentCap;
import io.gpuarbiter.arbitration.model.DepartmentId;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Organization;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.testing.ModelBuilder;
import io.gpuarbiter.arbitration.testing.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scale of DESIGN.md §6: 1,000 teams in 50 departments, 10,000 GPUs over 5 pools, a quota per
 * team in two pools, a department cap per department and pool, 100 reservations.
 */
final class LargeModel {
  static final int TEAMS = 1_000;
  static final int DEPARTMENTS = 50;

  private LargeModel() {}

  private static List<Reservation> reservations() {
    List<Reservation> reservations = new ArrayList<>();
    for (int r = 0; r < 100; r++) {
      Reservation base =
          Models.reservation(
              "r-" + r,
              "team-" + (r * 7),
              "pool-" + (r % 5),
              "4",
              r % 2 == 0 ? ReservationMode.STRICT : ReservationMode.LENDABLE_WHEN_IDLE);
      reservations.add(base);
    }
    return reservations;
  }

  static GovernanceModel build() {
    List<Pool> pools = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      Pool base = p % 2 == 0 ? Models.h100() : Models.a100();
      pools.add(
          new Pool(
              new PoolId("pool-" + p),
              base.gpuModel(),
              base.gpuMemoryMiB(),
              2_000,
              base.powerWattsPerGpu(),
              base.sharingModes(),
              base.migProfiles(),
              base.nodeLabels(),
              base.taints(),
              base.scheduler(),
              base.rewriteToMig()));
    }
    List<Department> departments = new ArrayList<>();
    List<DepartmentCap> caps = new ArrayList<>();
    for (int d = 0; d < DEPARTMENTS; d++) {
      departments.add(new Department(new DepartmentId("dept-" + d), "Department " + d));
      for (Pool p : pools) {
        caps.add(new DepartmentCap(new DepartmentId("dept-" + d), p.id(), Gpue.ofWhole(80)));
      }
    }
    List<Team> teams = new ArrayList<>();
    List<Quota> quotas = new ArrayList<>();
    for (int t = 0; t < TEAMS; t++) {
      teams.add(Models.team("team-" + t, "dept-" + (t % DEPARTMENTS)));
      for (int p : new int[] {t % 5, (t + 2) % 5}) {
        quotas.add(
            new Quota(
                teams.get(t).id(),
                pools.get(p).id(),
                Gpue.ofWhole(4),
                Optional.of(Gpue.ofWhole(4)),
                Optional.of(Gpue.ofWhole(2)),
                Optional.empty(),
                Optional.empty()));
      }
    }
    return ModelBuilder.from(Models.demoLike())
        .organization(new Organization("large", departments, teams))
        .pools(pools)
        .quotas(quotas)
        .departmentCaps(caps)
        .reservations(reservations())
        .build();
  }
}
