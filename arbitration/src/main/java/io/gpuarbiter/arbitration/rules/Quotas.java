package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.decision.ReasonCode.QUOTA_BORROWED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.QUOTA_BORROWING_LIMIT;
import static io.gpuarbiter.arbitration.decision.ReasonCode.QUOTA_DEPARTMENT_CAP;
import static io.gpuarbiter.arbitration.decision.ReasonCode.QUOTA_EXCEEDED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.QUOTA_GUARANTEED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.QUOTA_NONE;

import io.gpuarbiter.arbitration.decision.QuotaBasis;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.snapshot.DepartmentPool;
import io.gpuarbiter.arbitration.snapshot.DepartmentUsage;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.snapshot.ModelIndex;
import io.gpuarbiter.arbitration.snapshot.TeamUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step 5: quota. The guarantee first; then borrowing from the department (the cohort): what others
 * lend is their unused guarantee up to their lending limit, minus what is already borrowed, and a
 * team borrows at most its borrowing limit. The department cap bounds everything its teams hold in
 * the pool. What remains is the excess.
 */
public final class Quotas {
  private Quotas() {}

  /**
   * Splits {@code asked} (the quota part, after reservation draws). {@code mayBorrow} is false when
   * the class forbids running preemptible without checkpointing: borrowed capacity is preemptible.
   */
  public static QuotaPlan split(
      Team team, Pool pool, Gpue asked, boolean mayBorrow, GovernanceSnapshot s) {
    ModelIndex index = s.index();
    Optional<Quota> quota = index.quota(team.id(), pool.id());
    TeamUsage usage = s.teamUsage(team.id(), pool.id());
    DepartmentPool dk = new DepartmentPool(team.department(), pool.id());
    DepartmentUsage du = s.departmentUsage(team.department(), pool.id());
    Optional<Gpue> cap = index.departmentCap(dk);
    Gpue guaranteed = quota.map(Quota::guaranteed).orElse(Gpue.ZERO);
    Gpue othersLend =
        quota.isEmpty()
            ? Gpue.ZERO
            : index
                .baseLendable(dk)
                .minusOrZero(du.lendableInUse())
                .minusOrZero(ModelIndex.lendableTerm(quota.get(), usage.guaranteed()))
                .minusOrZero(du.borrowed());
    Optional<Gpue> borrowingLimit = quota.flatMap(Quota::borrowingLimit);
    Gpue limitRoom = borrowingLimit.map(l -> l.minusOrZero(usage.borrowed())).orElse(othersLend);
    Gpue borrowable = othersLend.min(limitRoom);
    QuotaBasis basis =
        new QuotaBasis(
            team.id(),
            pool.id(),
            guaranteed,
            usage.guaranteed(),
            usage.borrowed(),
            borrowingLimit,
            borrowable,
            cap,
            du.quotaCharged(),
            pool.capacity(),
            s.poolUsage(pool.id()).used());
    if (asked.isZero()) {
      return new QuotaPlan(Gpue.ZERO, Gpue.ZERO, Gpue.ZERO, basis, List.of(), List.of());
    }
    if (quota.isEmpty()) {
      Reason none = Reason.of(QUOTA_NONE, "team " + team.id() + " has no quota in " + pool.id());
      return new QuotaPlan(Gpue.ZERO, Gpue.ZERO, asked, basis, List.of(none), List.of());
    }
    Gpue capRoom = cap.map(c -> c.minusOrZero(du.quotaCharged())).orElse(asked);
    Gpue fromGuarantee = asked.min(guaranteed.minusOrZero(usage.guaranteed())).min(capRoom);
    Gpue need = asked.minusOrZero(fromGuarantee);
    Gpue canBorrow = mayBorrow ? borrowable.min(capRoom.minusOrZero(fromGuarantee)) : Gpue.ZERO;
    Gpue borrowed = need.min(canBorrow);
    Gpue excess = need.minusOrZero(borrowed);
    List<Reason> notes = notes(team, pool, basis, fromGuarantee, borrowed);
    List<Reason> reasons =
        excess.isZero()
            ? List.of()
            : List.of(excessReason(basis, asked, excess, capRoom, limitRoom, othersLend));
    return new QuotaPlan(fromGuarantee, borrowed, excess, basis, reasons, notes);
  }

  private static List<Reason> notes(
      Team team, Pool pool, QuotaBasis basis, Gpue fromGuarantee, Gpue borrowed) {
    List<Reason> notes = new ArrayList<>();
    if (!fromGuarantee.isZero()) {
      notes.add(
          Reason.of(
              QUOTA_GUARANTEED,
              fromGuarantee
                  + " GPUe within the guarantee of "
                  + basis.guaranteed()
                  + " ("
                  + basis.guaranteedUsed()
                  + " in use) in "
                  + pool.id()));
    }
    if (!borrowed.isZero()) {
      notes.add(
          Reason.of(
              QUOTA_BORROWED,
              borrowed + " GPUe borrowed from department " + team.department() + "; preemptible"));
    }
    return notes;
  }

  private static Reason excessReason(
      QuotaBasis b, Gpue asked, Gpue excess, Gpue capRoom, Gpue limitRoom, Gpue othersLend) {
    String numbers =
        "asks "
            + asked
            + " GPUe in "
            + b.pool()
            + ": guarantee "
            + b.guaranteed()
            + " ("
            + b.guaranteedUsed()
            + " in use), borrowing "
            + b.borrowed()
            + ", borrowable now "
            + b.borrowable()
            + "; "
            + excess
            + " GPUe over quota";
    if (b.departmentCap().isPresent() && asked.exceeds(capRoom)) {
      return Reason.of(
          QUOTA_DEPARTMENT_CAP,
          numbers
              + "; department cap "
              + b.departmentCap().get()
              + " with "
              + b.departmentUsed()
              + " in use");
    }
    if (b.borrowingLimit().isPresent() && othersLend.exceeds(limitRoom)) {
      return Reason.of(
          QUOTA_BORROWING_LIMIT, numbers + "; borrowing limit " + b.borrowingLimit().get());
    }
    return Reason.of(QUOTA_EXCEEDED, numbers);
  }
}
