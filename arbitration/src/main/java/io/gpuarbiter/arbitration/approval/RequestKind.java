package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.Labelled;
import java.util.Optional;

/** What a governance request asks for, and which authority action decides it. */
public enum RequestKind implements Labelled {
  /** A new guarantee for a team in a pool (an increase needs approval, a decrease may not). */
  QUOTA_CHANGE(AuthorityAction.QUOTA_INCREASE),
  /** A sponsored, time-boxed block of capacity. */
  RESERVATION(AuthorityAction.RESERVATION),
  /** A time-boxed exception to a policy, with a ticket reference. */
  POLICY_EXCEPTION(AuthorityAction.POLICY_EXCEPTION),
  /** One workload beyond quota, opened by a NeedsApproval admission decision. */
  WORKLOAD_ADMISSION(AuthorityAction.OVER_QUOTA_ADMISSION);

  private final AuthorityAction action;

  RequestKind(AuthorityAction action) {
    this.action = action;
  }

  public AuthorityAction action() {
    return action;
  }

  public static Optional<RequestKind> fromLabel(String label) {
    return Labelled.find(values(), label);
  }
}
