package io.gpuarbiter.api.usage;

import io.gpuarbiter.admission.LiveArbiter;
import io.gpuarbiter.api.Decimals;
import io.gpuarbiter.api.security.Roles;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.snapshot.TeamUsage;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Allocation now: each pool's capacity and use, and each team's guarantee in force (the model with
 * applied requests laid over it) against what its running workloads hold.
 */
@Controller("/api/v1/usage")
@Tag(name = "usage")
@Secured({Roles.VIEWER, Roles.REQUESTER, Roles.APPROVER, Roles.ADMIN, Roles.AUDITOR})
public class UsageController {
  private final LiveArbiter arbiter;

  UsageController(LiveArbiter arbiter) {
    this.arbiter = arbiter;
  }

  /** One team in one pool. */
  @Serdeable
  public record TeamPoolUsage(
      String team,
      String pool,
      BigDecimal guaranteed,
      BigDecimal usedGuaranteed,
      BigDecimal borrowed,
      BigDecimal approvedOverQuota) {}

  /** One pool. */
  @Serdeable
  public record PoolUsageView(String pool, String gpuModel, BigDecimal capacity, BigDecimal used) {}

  /** The whole picture. */
  @Serdeable
  public record UsageView(List<PoolUsageView> pools, List<TeamPoolUsage> teams, int workloads) {}

  @Get
  @Operation(summary = "Capacity and use per pool; guarantee in force and use per team and pool")
  public UsageView usage() {
    GovernanceSnapshot s = arbiter.snapshot();
    List<PoolUsageView> pools = new ArrayList<>();
    for (Pool p : s.model().pools()) {
      pools.add(
          new PoolUsageView(
              p.id().value(), p.gpuModel(), num(p.capacity()), num(s.poolUsage(p.id()).used())));
    }
    List<TeamPoolUsage> teams = new ArrayList<>();
    for (Quota q : s.model().quotas()) {
      TeamUsage u = s.teamUsage(q.team(), q.pool());
      teams.add(
          new TeamPoolUsage(
              q.team().value(),
              q.pool().value(),
              num(q.guaranteed()),
              num(u.guaranteed()),
              num(u.borrowed()),
              num(u.approved())));
    }
    return new UsageView(pools, teams, s.charges().size());
  }

  private static BigDecimal num(Gpue g) {
    return Decimals.of(g);
  }
}
