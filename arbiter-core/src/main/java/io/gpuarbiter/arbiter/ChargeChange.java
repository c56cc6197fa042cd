package io.gpuarbiter.arbiter;

import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * One change to the charges, as recorded with the decision that made it and replayed by every
 * replica that catches up. Applying a change is idempotent: a replica that sees its own change
 * again ends where it was.
 */
public sealed interface ChargeChange {
  /** The snapshot with this change applied. */
  GovernanceSnapshot applyTo(GovernanceSnapshot s);

  /** The workload now holds this charge (an UPDATE replaces what it held before). */
  record Charged(Charge charge) implements ChargeChange {
    public String workloadKey() {
      return charge.workload().uid();
    }

    @Override
    public GovernanceSnapshot applyTo(GovernanceSnapshot s) {
      if (s.charge(workloadKey()).filter(charge::equals).isPresent()) {
        return s;
      }
      return s.release(workloadKey(), charge.admittedAt()).admit(charge);
    }
  }

  /**
   * The workload's charge ({@code charge}, as it was held) was released at {@code at} (GPU-hours
   * not yet run are refunded as of then, the same on every replica).
   */
  record Released(Charge charge, Instant at) implements ChargeChange {
    public String workloadKey() {
      return charge.workload().uid();
    }

    @Override
    public GovernanceSnapshot applyTo(GovernanceSnapshot s) {
      return s.release(workloadKey(), at);
    }
  }

  /** The replica was too far behind: these are all the charges held now, replacing its own. */
  record Reload(List<Charge> charges) implements ChargeChange {
    @Override
    public GovernanceSnapshot applyTo(GovernanceSnapshot s) {
      GovernanceSnapshot out = s;
      for (Charge held : s.charges().stream().toList()) {
        out = out.release(held.workload().uid(), held.admittedAt());
      }
      return out.admitAll(charges);
    }
  }

  /** Applies changes in order. */
  static GovernanceSnapshot applyAll(GovernanceSnapshot s, List<ChargeChange> changes) {
    GovernanceSnapshot out = s;
    for (ChargeChange c : changes) {
      out = c.applyTo(out);
    }
    return out;
  }
}
