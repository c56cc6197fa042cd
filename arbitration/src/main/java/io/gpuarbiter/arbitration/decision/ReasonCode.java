package io.gpuarbiter.arbitration.decision;

/**
 * Stable, machine-readable reason codes. The code string is API: dashboards, ledger readers and
 * tests match on it, so a code is never renamed, only added.
 */
public enum ReasonCode {
  TEAM_UNKNOWN("team.unknown"),
  CLASS_MISSING("class.missing"),
  CLASS_INVALID("class.invalid"),
  CLASS_INFERRED("class.inferred"),
  CLASS_UNCONFIGURED("class.unconfigured"),
  CLASS_MAX_RUNTIME_MISSING("class.max-runtime-missing"),
  CLASS_MAX_RUNTIME_EXCEEDED("class.max-runtime-exceeded"),
  CLASS_CHECKPOINTING_REQUIRED("class.checkpointing-required"),
  DEMAND_NONE("demand.none"),
  DEMAND_UNSIZED("demand.unsized"),
  DEMAND_UNFIT("demand.unfit-pool"),
  COEXISTENCE_NO_POOL("coexistence.no-pool"),
  COEXISTENCE_CONFLICT("coexistence.conflict"),
  POLICY_DENIED("policy.denied"),
  POLICY_WARNING("policy.warning"),
  POLICY_DRYRUN("policy.dryrun"),
  RESERVATION_DRAWN("reservation.drawn"),
  RESERVATION_LENT("reservation.lent"),
  RESERVATION_STRICT("reservation.strict"),
  RESERVATION_NEEDS_PREEMPTIBLE("reservation.lendable-needs-preemptible"),
  POOL_CAPACITY("pool.capacity"),
  QUOTA_NONE("quota.none"),
  QUOTA_GUARANTEED("quota.guaranteed"),
  QUOTA_BORROWED("quota.borrowed"),
  QUOTA_EXCEEDED("quota.exceeded"),
  QUOTA_BORROWING_LIMIT("quota.borrowing-limit"),
  QUOTA_DEPARTMENT_CAP("quota.department-cap"),
  BUDGET_GPU_HOURS("budget.gpu-hours"),
  BUDGET_POWER("budget.power"),
  AUTHORITY_ROUTED("authority.routed"),
  AUTHORITY_NONE("authority.none"),
  APPROVAL_GRANTED("approval.granted"),
  SIZING_UNDERSIZED("sizing.undersized"),
  SIZING_OVERSIZED("sizing.oversized"),
  PLACEMENT_MIG_REWRITE("placement.mig-rewrite"),
  PLACEMENT_PRIORITY_CLASS("placement.priority-class"),
  /** The object sets a queue, node selector or priority that contradicts the placement. */
  PLACEMENT_CONFLICT("placement.conflict");

  private final String code;

  ReasonCode(String code) {
    this.code = code;
  }

  /** The stable code, e.g. {@code quota.exceeded}. */
  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return code;
  }
}
