package io.gpuarbiter.arbiter;

import io.gpuarbiter.admission.Arbiter;
import io.gpuarbiter.admission.Arbitrated;
import io.gpuarbiter.admission.LiveArbiter;
import io.gpuarbiter.admission.PlacementConflicts;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.approval.Grants;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.policies.PolicyEvaluator;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The live arbiter of one replica: the engine over an immutable governance snapshot whose charges
 * change only through {@link LiveAccounting}, one durable {@link DecisionStore} step at a time. The
 * store serialises the steps of every replica on one database, so no interleaving of admissions, on
 * one replica or several, can over-commit. Readers (previews, reports) never block.
 */
public final class SnapshotArbiter implements LiveArbiter {
  /** Answers remembered per review uid, so a retried review is answered identically. */
  private static final int REMEMBERED_REVIEWS = 10_000;

  private final ArbitrationEngine engine;
  private final LiveAccounting accounting;
  private final Clock clock;
  private final ApprovalDesk desk;
  private final PolicyStep policies;
  private final Object answersLock = new Object();
  private final Map<String, Remembered> answered =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
          return size() > REMEMBERED_REVIEWS;
        }
      };
  private final Map<String, Remembered> inFlight = new ConcurrentHashMap<>();

  /**
   * @param initial the governance snapshot with the charges the store holds at {@code version}
   * @param policies the policy bundle's evaluator; null = no policy bundle (nothing evaluated)
   */
  SnapshotArbiter(
      ArbitrationEngine engine,
      GovernanceSnapshot initial,
      DecisionStore store,
      long version,
      Clock clock,
      ApprovalDesk desk,
      PolicyEvaluator policies) {
    this.policies = new PolicyStep(policies, desk);
    this.engine = engine;
    this.accounting = new LiveAccounting(store, initial, version);
    this.clock = clock;
    this.desk = desk;
  }

  /**
   * Starts an arbiter from what the store holds: the governance of {@code base} (model and policy
   * digest, no charges) with every charge held now. No ledger replay: start-up does not grow with
   * history.
   *
   * @param policies the policy bundle's evaluator; null = none
   * @throws DecisionStore.Unavailable when the store cannot be read
   */
  public static SnapshotArbiter start(
      GovernanceSnapshot base,
      DecisionStore store,
      Clock clock,
      ApprovalDesk desk,
      PolicyEvaluator policies)
      throws DecisionStore.Unavailable {
    DecisionStore.Standing standing = store.load();
    return new SnapshotArbiter(
        new ArbitrationEngine(),
        base.admitAll(standing.charges()),
        store,
        standing.version(),
        clock,
        desk,
        policies);
  }

  @Override
  public GovernanceSnapshot snapshot() {
    return accounting.snapshot();
  }

  /** Applies a governance change (new model, approved quota) atomically with admissions. */
  @Override
  public void update(UnaryOperator<GovernanceSnapshot> change) {
    accounting.update(change);
  }

  /**
   * Brings this replica's snapshot up to the charges other replicas committed since its last
   * decision (decisions always catch up by themselves; this is for previews and reports).
   *
   * @throws Arbiter.Unavailable when the store cannot be read
   */
  @Override
  public void refresh() {
    try {
      accounting.refresh();
    } catch (DecisionStore.Unavailable e) {
      throw new Arbiter.Unavailable("charges not refreshed: " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #arbitrate} would decide, approved tickets included: the mutating call must see an
   * approved workload as admitted, or it would put the approval gate back on the update that
   * removes it.
   */
  @Override
  public Decision preview(GpuRequest request, ReviewContext context) {
    Instant now = clock.instant();
    GovernanceSnapshot base = withoutOwnCharge(accounting.snapshot(), request, now);
    PolicyStep.Verdict verdict = policies.verdict(request, base, context, clock.instant());
    Decision decision =
        engine.decide(request, verdict.on(base), now, verdict.outcomes(), verdict.grants());
    if (decision instanceof NeedsApproval) {
      Grants granted = verdict.grants().withApprovedExcess(approvedExcess(request, now));
      decision = engine.decide(request, verdict.on(base), now, verdict.outcomes(), granted);
    }
    return decision;
  }

  @Override
  public Arbitrated arbitrate(GpuRequest request, ReviewContext context, PlacementCheck check) {
    String uid = context.reviewUid();
    Remembered mine = new Remembered(context.fingerprint(), new CompletableFuture<>());
    Remembered running;
    synchronized (answersLock) {
      Remembered earlier = answered.get(uid);
      if (earlier != null) {
        return earlier.sameReview(context).answer().join();
      }
      running = inFlight.putIfAbsent(uid, mine);
    }
    if (running != null) {
      // a retry while the first attempt is being recorded
      return awaitOther(running.sameReview(context).answer());
    }
    try {
      Arbitrated result = decideAndRecord(request, context, check);
      mine.answer().complete(result);
      synchronized (answersLock) {
        answered.put(uid, mine);
      }
      return result;
    } catch (RuntimeException e) {
      mine.answer().completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(uid);
    }
  }

  /**
   * Decides in the next durable step, on the accounting as the store has it. Policies are
   * stateless, so they are evaluated before, on the snapshot as this replica has it. Approvals are
   * database reads and never made while the store's lock is held: read first when the workload
   * looks over quota, or, if it turns out over quota only inside the step, read then and decided
   * again in the next step.
   */
  private Arbitrated decideAndRecord(
      GpuRequest request, ReviewContext context, PlacementCheck check) {
    Instant now = clock.instant();
    GovernanceSnapshot seen = withoutOwnCharge(accounting.snapshot(), request, now);
    PolicyStep.Verdict verdict = policies.verdict(request, seen, context, now);
    Grants grants = verdict.grants();
    boolean approvalsRead = false;
    if (engine.decide(request, verdict.on(seen), now, verdict.outcomes(), grants)
        instanceof NeedsApproval) {
      grants = grants.withApprovedExcess(approvedExcess(request, now));
      approvalsRead = true;
    }
    String id = DecisionEncoding.decisionId(context.reviewUid(), request.workload().uid());
    Admission admission = new Admission(request, context, check, verdict, now, id);
    while (true) {
      Grants granted = grants;
      boolean approvalsKnown = approvalsRead;
      LiveAccounting.Done<Optional<Decision>> done =
          accounting.run(s -> admission.decideOn(s, granted, approvalsKnown));
      if (done.value().isEmpty()) {
        grants = grants.withApprovedExcess(approvedExcess(request, now));
        approvalsRead = true;
        continue;
      }
      Decision decision = done.value().get();
      if (decision instanceof NeedsApproval pending) {
        desk.open(request, pending, context, now);
      }
      DecisionStore.Position at = done.position().orElseThrow();
      return new Arbitrated(decision, id, at.entry(), at.seq());
    }
  }

  /** One admission, decided inside a step on the snapshot the step hands it. */
  private final class Admission {
    private final GpuRequest request;
    private final ReviewContext context;
    private final PlacementCheck check;
    private final PolicyStep.Verdict verdict;
    private final Instant now;
    private final String id;

    Admission(
        GpuRequest request,
        ReviewContext context,
        PlacementCheck check,
        PolicyStep.Verdict verdict,
        Instant now,
        String id) {
      this.request = request;
      this.context = context;
      this.check = check;
      this.verdict = verdict;
      this.now = now;
      this.id = id;
    }

    /**
     * The decision and what it records; empty (recording nothing) when the workload is over quota
     * and the approvals have not been read yet.
     */
    LiveAccounting.Drafted<Optional<Decision>> decideOn(
        GovernanceSnapshot s, Grants grants, boolean approvalsRead) {
      String key = request.workload().uid();
      Optional<Charge> held = s.charge(key);
      GovernanceSnapshot base = withoutOwnCharge(s, request, now);
      Decision decision =
          PlacementConflicts.checked(
              engine.decide(request, verdict.on(base), now, verdict.outcomes(), grants), check);
      if (decision instanceof Admitted a && sameDemand(held, a.charge())) {
        // the workload keeps the charge it holds (an UPDATE with the same demand): record that one,
        // so the ledger's last word on a workload is always the charge it holds
        decision = new Admitted(a.placement(), held.get(), a.reasons(), a.warnings(), a.basis());
      }
      if (decision instanceof NeedsApproval && !approvalsRead) {
        return LiveAccounting.Drafted.nothing(s, Optional.empty());
      }
      Optional<DecisionRecord> record =
          Optional.of(
              new DecisionRecord(
                  id,
                  now,
                  "admission",
                  team(decision, request, s),
                  request.workload().namespace(),
                  decision.outcome(),
                  DecisionEncoding.admission(id, request, decision, context, now)));
      if (decision instanceof Admitted a && !sameDemand(held, a.charge())) {
        // an UPDATE replaces the old charge: the difference
        return new LiveAccounting.Drafted<>(
            base.admit(a.charge()),
            record,
            Optional.of(new ChargeChange.Charged(a.charge())),
            Optional.of(decision));
      }
      return new LiveAccounting.Drafted<>(s, record, Optional.empty(), Optional.of(decision));
    }
  }

  @Override
  public boolean charged(String workloadKey) {
    return accounting.snapshot().charge(workloadKey).isPresent();
  }

  @Override
  public void release(String workloadKey, ReviewContext context) {
    // Decided in a step even when this replica's snapshot has no charge for it: another replica
    // may have charged it since this one last caught up.
    Instant now = clock.instant();
    String id = DecisionEncoding.decisionId(context.reviewUid(), workloadKey);
    accounting.run(s -> {
      Optional<Charge> held = s.charge(workloadKey);
      if (held.isEmpty()) {
        return LiveAccounting.Drafted.nothing(s, Boolean.FALSE);
      }
      DecisionRecord record =
          new DecisionRecord(
              id,
              now,
              "release",
              held.get().team().value(),
              held.get().workload().namespace(),
              "released",
              DecisionEncoding.release(id, held.get(), context, now));
      return new LiveAccounting.Drafted<>(
          s.release(workloadKey, now),
          Optional.of(record),
          Optional.of(new ChargeChange.Released(held.get(), now)),
          Boolean.TRUE);
    });
  }

  /** The most excess an approved ticket in force grants this workload (none: empty). */
  private Optional<Gpue> approvedExcess(GpuRequest request, Instant now) {
    return desk.approvedExcess(request.workload().uid(), now);
  }

  /** An answer (or one being recorded) and the fingerprint of the review it answers. */
  private record Remembered(String fingerprint, CompletableFuture<Arbitrated> answer) {
    Remembered sameReview(ReviewContext context) {
      if (!fingerprint.equals(context.fingerprint())) {
        throw new Arbiter.UidReused(context.reviewUid());
      }
      return this;
    }
  }

  private static Arbitrated awaitOther(CompletableFuture<Arbitrated> running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** The snapshot as if this workload held nothing, so an UPDATE is judged on its new demand. */
  private static GovernanceSnapshot withoutOwnCharge(
      GovernanceSnapshot s, GpuRequest request, Instant now) {
    String key = request.workload().uid();
    return s.charge(key).isPresent() ? s.release(key, now) : s;
  }

  private static boolean sameDemand(Optional<Charge> held, Charge next) {
    return held.isPresent()
        && held.get().pool().equals(next.pool())
        && held.get().total().equals(next.total())
        && held.get().sharing() == next.sharing();
  }

  /**
   * The team the entry is filed under: the quota's, else the request's, else the namespace's owner
   * in the model — so a denial taken before any pool was chosen (a policy, a class rule) is still
   * found by an auditor filtering by team.
   */
  private static String team(Decision decision, GpuRequest request, GovernanceSnapshot s) {
    return decision
        .basis()
        .quota()
        .map(q -> q.team().value())
        .or(() -> request.team().map(t -> t.value()))
        .or(() -> s.index().teamOwning(request.workload().namespace()).map(t -> t.id().value()))
        .orElse("");
  }
}
