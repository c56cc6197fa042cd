package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.Gpue;

/**
 * A team's admitted GPUe in one pool.
 *
 * @param guaranteed inside its guarantee
 * @param borrowed borrowed from its department
 * @param approved granted over quota by approvals
 * @param total everything running, reservation draws included (for the power budget)
 */
public record TeamUsage(Gpue guaranteed, Gpue borrowed, Gpue approved, Gpue total) {
  public static final TeamUsage NONE = new TeamUsage(Gpue.ZERO, Gpue.ZERO, Gpue.ZERO, Gpue.ZERO);

  public Gpue quotaCharged() {
    return guaranteed.plus(borrowed).plus(approved);
  }

  TeamUsage plus(Charge c) {
    return new TeamUsage(
        guaranteed.plus(c.guaranteedPart()),
        borrowed.plus(c.borrowed()),
        approved.plus(c.approvedExcess()),
        total.plus(c.total()));
  }

  TeamUsage minus(Charge c) {
    return new TeamUsage(
        guaranteed.minusOrZero(c.guaranteedPart()),
        borrowed.minusOrZero(c.borrowed()),
        approved.minusOrZero(c.approvedExcess()),
        total.minusOrZero(c.total()));
  }
}
