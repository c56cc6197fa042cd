package io.gpuarbiter.arbitration.decision;

import io.gpuarbiter.arbitration.snapshot.Charge;
import java.util.List;

/**
 * Beyond quota, but someone may grant it: open {@link #ticket()}. Once approved, the caller admits
 * {@link #charge()} (its {@code approvedExcess} is the granted part) with {@link #placement()}.
 */
public record NeedsApproval(
    ApprovalRequest ticket,
    Placement placement,
    Charge charge,
    List<Reason> reasons,
    List<Reason> warnings,
    DecisionBasis basis)
    implements Decision {

  public NeedsApproval {
    reasons = List.copyOf(reasons);
    warnings = List.copyOf(warnings);
  }

  @Override
  public String outcome() {
    return "needs-approval";
  }
}
