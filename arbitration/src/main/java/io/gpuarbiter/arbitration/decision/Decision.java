package io.gpuarbiter.arbitration.decision;

import java.util.List;

/**
 * The outcome of {@code decide}: admitted with a placement, denied with reasons and what would
 * pass, or waiting for approval. Every outcome is a value; the engine never throws for one.
 */
public sealed interface Decision permits Admitted, Denied, NeedsApproval {

  /** Why, most important first; each with a stable code. */
  List<Reason> reasons();

  /** Things the requester should know that did not change the outcome. */
  List<Reason> warnings();

  /** The numbers and the policy bundle the decision used. */
  DecisionBasis basis();

  /** {@code admitted}, {@code denied} or {@code needs-approval}. */
  String outcome();
}
