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
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.policy.PolicyOutcome;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.policies.PolicyEvaluationException;
import io.gpuarbiter.policies.PolicyEvaluator;
import io.gpuarbiter.policies.PolicyInputs;
import io.gpuarbiter.policies.PolicyResult;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The live arbiter of one replica: the engine over an immutable governance snapshot that is
 * replaced, under one lock, only after the decision that changes it is durable in the {@link
 * DecisionLog}. Readers (previews, reports) never block; writers are serialised, so no interleaving
 * of admissions can over-commit.
 */
public final class SnapshotArbiter implements LiveArbiter {
  /** Answers remembered per review uid, so a retried review is answered identically. */
  private static final int REMEMBERED_REVIEWS = 10_000;

  private final ArbitrationEngine engine;
  private final DecisionLog log;
  private final Clock clock;
  private final ApprovalDesk desk;
  private final PolicyEvaluator policies;
  private final Object writeLock = new Object();
  private final Map<String, Remembered> answered =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
          return size() > REMEMBERED_REVIEWS;
        }
      };
  private final Map<String, Remembered> inFlight = new ConcurrentHashMap<>();
  private volatile GovernanceSnapshot snapshot;

  public SnapshotArbiter(
      ArbitrationEngine engine, GovernanceSnapshot initial, DecisionLog log, Clock clock) {
    this(engine, initial, log, clock, ApprovalDesk.NONE);
  }

  public SnapshotArbiter(
      ArbitrationEngine engine,
      GovernanceSnapshot initial,
      DecisionLog log,
      Clock clock,
      ApprovalDesk desk) {
    this(engine, initial, log, clock, desk, null);
  }

  /**
   * @param policies the policy bundle's evaluator; null = no policy bundle (nothing evaluated)
   */
  public SnapshotArbiter(
      ArbitrationEngine engine,
      GovernanceSnapshot initial,
      DecisionLog log,
      Clock clock,
      ApprovalDesk desk,
      PolicyEvaluator policies) {
    this.policies = policies;
    this.engine = engine;
    this.snapshot = initial;
    this.log = log;
    this.clock = clock;
    this.desk = desk;
  }

  @Override
  public GovernanceSnapshot snapshot() {
    return snapshot;
  }

  /** Applies a governance change (new model, approved quota) atomically with admissions. */
  @Override
  public void update(UnaryOperator<GovernanceSnapshot> change) {
    synchronized (writeLock) {
      snapshot = change.apply(snapshot);
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
    GovernanceSnapshot base = withoutOwnCharge(snapshot, request, now);
    Verdict verdict = policyVerdict(request, base, context);
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
    synchronized (writeLock) {
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
      synchronized (writeLock) {
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
   * Decides and publishes the new snapshot under the lock, so the next decision already sees this
   * charge, then waits for durability outside it: concurrent admissions share the ledger's group
   * commit. If recording fails the charge is taken back; a decision that saw it meanwhile was only
   * ever more cautious, never over-committed.
   */
  private Arbitrated decideAndRecord(
      GpuRequest request, ReviewContext context, PlacementCheck check) {
    Instant now = clock.instant();
    String key = request.workload().uid();
    // Policies are stateless: evaluated before the lock, on the snapshot as it is now.
    Verdict verdict = policyVerdict(request, withoutOwnCharge(snapshot, request, now), context);
    Decided decided = decideAndPublish(request, verdict, check, now);
    Decision decision = decided.decision();
    Optional<Charge> held = decided.held();
    Optional<Charge> charged = decided.charged();
    String id = DecisionEncoding.decisionId(context.reviewUid(), key);
    byte[] body = DecisionEncoding.admission(id, request, decision, context, now);
    DecisionRecord record =
        new DecisionRecord(
            id,
            now,
            "admission",
            team(decision, request, snapshot),
            request.workload().namespace(),
            decision.outcome(),
            body);
    try {
      DecisionLog.Position at = append(record);
      if (decision instanceof NeedsApproval pending) {
        desk.open(request, pending, context, now);
      }
      return new Arbitrated(decision, id, at.entry(), at.seq());
    } catch (Arbiter.Unavailable e) {
      if (charged.isPresent()) {
        undo(key, held, now);
      }
      throw e;
    }
  }

  /**
   * Decides under the lock and publishes an admission's charge at once. Over quota, the approvals
   * are read outside the lock (a database read must not hold up every other decision) and the
   * workload is decided again with what they grant.
   */
  private Decided decideAndPublish(
      GpuRequest request, Verdict verdict, PlacementCheck check, Instant now) {
    String key = request.workload().uid();
    Grants grants = verdict.grants();
    boolean approvalsRead = false;
    while (true) {
      synchronized (writeLock) {
        Optional<Charge> held = snapshot.charge(key);
        GovernanceSnapshot base = withoutOwnCharge(snapshot, request, now);
        Decision decision =
            PlacementConflicts.checked(
                engine.decide(request, verdict.on(base), now, verdict.outcomes(), grants), check);
        if (!(decision instanceof NeedsApproval) || approvalsRead) {
          if (decision instanceof Admitted a && !sameDemand(held, a.charge())) {
            snapshot = base.admit(a.charge()); // an UPDATE replaces the old charge: the difference
            return new Decided(decision, held, Optional.of(a.charge()));
          }
          return new Decided(decision, held, Optional.empty());
        }
      }
      grants = grants.withApprovedExcess(approvedExcess(request, now));
      approvalsRead = true;
    }
  }

  /** A decision, the charge the workload held before it, and the charge it published. */
  private record Decided(Decision decision, Optional<Charge> held, Optional<Charge> charged) {}

  @Override
  public boolean charged(String workloadKey) {
    return snapshot.charge(workloadKey).isPresent();
  }

  @Override
  public void release(String workloadKey, ReviewContext context) {
    Instant now = clock.instant();
    Optional<Charge> held;
    synchronized (writeLock) {
      held = snapshot.charge(workloadKey);
      if (held.isEmpty()) {
        return;
      }
      snapshot = snapshot.release(workloadKey, now);
    }
    String id = DecisionEncoding.decisionId(context.reviewUid(), workloadKey);
    byte[] body = DecisionEncoding.release(id, held.get(), context, now);
    try {
      append(
          new DecisionRecord(
              id,
              now,
              "release",
              held.get().team().value(),
              held.get().workload().namespace(),
              "released",
              body));
    } catch (Arbiter.Unavailable e) {
      undo(workloadKey, held, now); // not recorded: the workload still holds its charge
      throw e;
    }
  }

  /** The most excess an approved ticket in force grants this workload (none: empty). */
  private Optional<Gpue> approvedExcess(GpuRequest request, Instant now) {
    return desk.approvedExcess(request.workload().uid(), now);
  }

  /**
   * The policy bundle's verdicts and the digest of the bundle that produced them (a reload may swap
   * bundles between two requests); a bundle that cannot be evaluated fails the decision closed.
   */
  private Verdict policyVerdict(GpuRequest request, GovernanceSnapshot s, ReviewContext context) {
    if (policies == null) {
      return new Verdict(s.policyDigest(), List.of(), Grants.NONE);
    }
    try {
      PolicyResult result = policies.evaluate(PolicyInputs.from(request, s, context.images()));
      return new Verdict(
          result.bundleDigest(),
          result.outcomes(),
          Grants.NONE.withExceptedPolicies(exceptions(request, s, result.outcomes())));
    } catch (PolicyEvaluationException e) {
      throw new Arbiter.Unavailable("policy evaluation failed: " + e.getMessage(), e);
    }
  }

  /**
   * Of the policies that deny this request, those an approved exception lets its team pass now;
   * asked only when a policy denies (the common request reads nothing).
   */
  private Set<String> exceptions(
      GpuRequest request, GovernanceSnapshot s, List<PolicyOutcome> outcomes) {
    Set<String> denying = new HashSet<>();
    for (PolicyOutcome o : outcomes) {
      if (o.enforcement() == PolicyOutcome.Enforcement.DENY) {
        denying.add(o.policy());
      }
    }
    Optional<TeamId> team =
        request
            .team()
            .or(() -> s.index().teamOwning(request.workload().namespace()).map(t -> t.id()));
    if (denying.isEmpty() || team.isEmpty()) {
      return Set.of();
    }
    return desk.exceptedPolicies(team.get(), denying, clock.instant());
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

  /**
   * What the policy step hands the engine: verdicts, the bundle that reached them, and the policy
   * exceptions in force for them.
   */
  private record Verdict(String bundleDigest, List<PolicyOutcome> outcomes, Grants grants) {
    /** The snapshot the engine decides on: its basis names the bundle that evaluated. */
    GovernanceSnapshot on(GovernanceSnapshot s) {
      return s.withPolicyDigest(bundleDigest);
    }
  }

  /** Puts the workload back to what it held before an unrecorded change. */
  private void undo(String key, Optional<Charge> held, Instant now) {
    synchronized (writeLock) {
      GovernanceSnapshot s = snapshot.release(key, now);
      snapshot = held.map(s::admit).orElse(s);
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

  private DecisionLog.Position append(DecisionRecord record) {
    try {
      return log.append(record);
    } catch (DecisionLog.DecisionLogUnavailable e) {
      throw new Arbiter.Unavailable("decision not recorded: " + e.getMessage(), e);
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
