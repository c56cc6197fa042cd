package io.gpuarbiter.api.requests;

import io.gpuarbiter.admission.LiveArbiter;
import io.gpuarbiter.api.cluster.GateRelease;
import io.gpuarbiter.api.replicas.Leadership;
import io.gpuarbiter.arbitration.approval.GovernanceRequest;
import io.gpuarbiter.arbitration.approval.ModelChanges;
import io.gpuarbiter.arbitration.approval.Preview;
import io.gpuarbiter.arbitration.approval.RequestDraft;
import io.gpuarbiter.arbitration.approval.RequestKind;
import io.gpuarbiter.arbitration.approval.RequestState;
import io.gpuarbiter.arbitration.approval.Step;
import io.gpuarbiter.arbitration.approval.Workflow;
import io.gpuarbiter.arbitration.approval.WorkflowError;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.model.LoadedModel;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The approval workflow as a service: each step is a pure {@link Workflow} transition, recorded by
 * {@link RequestJournal} (ledger first, then the store, with optimistic locking), and — once
 * applied — laid over the base model so the engine's next decisions use it.
 */
@Context
public class GovernanceRequests {
  private final RequestStore store;
  private final RequestJournal journal;
  private final LiveArbiter arbiter;
  private final GovernanceModel base;
  private final Clock clock;
  private final Optional<GateRelease> gates;
  private final io.micronaut.context.BeanProvider<io.gpuarbiter.api.cluster.ClusterControllers>
      cluster;
  private final Leadership leadership;
  private volatile String appliedSeen = "";

  GovernanceRequests(
      RequestStore store,
      RequestJournal journal,
      LiveArbiter arbiter,
      LoadedModel model,
      Clock clock,
      Optional<GateRelease> gates,
      io.micronaut.context.BeanProvider<io.gpuarbiter.api.cluster.ClusterControllers> cluster,
      Leadership leadership) {
    this.leadership = leadership;
    this.gates = gates;
    this.cluster = cluster;
    this.store = store;
    this.journal = journal;
    this.arbiter = arbiter;
    this.base = model.model();
    this.clock = clock;
    recover(clock.instant());
    refreshModel(clock.instant()); // applied requests of earlier runs are in force again
  }

  /**
   * After a crash: the store catches up with the ledger, and a request granted but not yet applied
   * (the crash came between the two steps, which otherwise follow each other at once) is applied.
   */
  private void recover(Instant now) {
    journal.rollForward();
    for (GovernanceRequest r : store.inStates(List.of("approved", "partially-approved"))) {
      if (Workflow.apply(r, now) instanceof Step.Done done) {
        journal.record(done.request(), now, null);
      }
    }
  }

  /** What submitting would do (who approves, capacity, squeezed guarantees); creates nothing. */
  public Preview preview(RequestDraft draft) {
    return Preview.of(draft, arbiter.snapshot(), clock.instant());
  }

  public Step submit(RequestDraft draft) {
    Instant now = clock.instant();
    Step step = Workflow.submit(UUID.randomUUID().toString(), draft, arbiter.snapshot(), now);
    if (step instanceof Step.Done done) {
      journal.record(done.request(), now, null); // a new id: no stored version to be stale against
      if (done.request().state().granted()) {
        return applyNow(done.request(), now); // a decrease needs nobody's approval
      }
    }
    return step;
  }

  public Step approve(String id, UserId who, Optional<Gpue> grant, String comment, String ifMatch) {
    return change(id, ifMatch, r -> Workflow.approve(r, who, grant, comment, clock.instant()));
  }

  public Step deny(String id, UserId who, String reason, String ifMatch) {
    return change(id, ifMatch, r -> Workflow.deny(r, who, reason, clock.instant()));
  }

  public Step revoke(String id, UserId admin, String reason, String ifMatch) {
    return change(id, ifMatch, r -> Workflow.revoke(r, admin, reason, clock.instant()));
  }

  public Optional<GovernanceRequest> get(String id) {
    return store.get(id);
  }

  /** Every recorded version of a request, oldest first, with its ledger sequence number. */
  public List<History> history(GovernanceRequest r) {
    return journal.history(r.id());
  }

  /** One recorded state of a request. */
  public record History(long seq, Instant at, String state) {}

  public List<GovernanceRequest> list(String team, String state, int limit) {
    return store.list(team, state, limit);
  }

  /** Pending requests this user may approve or veto. */
  public List<GovernanceRequest> inbox(UserId user) {
    return store.inStates(List.of("submitted", "under-review")).stream()
        .filter(r ->
            r.route()
                .map(a -> a.approvers().contains(user) || a.vetoHolders().contains(user))
                .orElse(false))
        .filter(r -> !r.draft().requester().equals(user))
        .toList();
  }

  /** Lapses pending requests past their deadline and ends time-boxed ones. */
  @Scheduled(fixedDelay = "60s", initialDelay = "60s")
  void expireDue() {
    if (!leadership.leading()) {
      return; // one replica expires requests (Leadership); the others follow the store
    }
    Instant now = clock.instant();
    boolean changed = false;
    for (GovernanceRequest r : store.inStates(List.of("submitted", "under-review", "applied"))) {
      Optional<GovernanceRequest> expired = Workflow.expireIfDue(r, now);
      if (expired.isPresent() && journal.record(expired.get(), now, null)) {
        changed |= r.state() == RequestState.APPLIED;
      }
    }
    if (changed) {
      refreshModel(now);
    }
  }

  private Step change(String id, String ifMatch, Function<GovernanceRequest, Step> transition) {
    Optional<GovernanceRequest> current = store.get(id);
    if (current.isEmpty()) {
      return new Step.Refused(new WorkflowError("request.unknown", "no request " + id, 404));
    }
    if (ifMatch != null && !ifMatch.equals(current.get().etag())) {
      return stale(current.get());
    }
    Step step = transition.apply(current.get());
    if (step instanceof Step.Done done) {
      Instant now = clock.instant();
      if (!journal.record(done.request(), now, null)) {
        return stale(current.get());
      }
      if (done.request().state().granted()) {
        return applyNow(done.request(), now);
      }
    }
    return step;
  }

  private Step applyNow(GovernanceRequest granted, Instant now) {
    Step applied = Workflow.apply(granted, now);
    if (applied instanceof Step.Done done && journal.record(done.request(), now, null)) {
      refreshModel(now);
      releaseGate(done.request());
      if (cluster.isPresent()) {
        cluster.get().afterApproval();
      }
    }
    return applied;
  }

  /** An approved workload held by Kueue's gate is released (when a cluster is connected). */
  private void releaseGate(GovernanceRequest r) {
    if (r.draft().kind() == RequestKind.WORKLOAD_ADMISSION) {
      gates.ifPresent(g -> g.release(r.draft().subject(), r.draft().ticketRef().orElse("")));
    }
  }

  /**
   * Follows governance changes another replica applied (an approved quota, an expired grant): the
   * model in force is the base model plus the applied requests in the shared store, so when their
   * versions change this replica recomputes it. Charges need no such poll: every decision step
   * reads them in its transaction.
   */
  @Scheduled(
      fixedDelay = "${arbiter.replicas.refresh-interval:1s}",
      initialDelay = "${arbiter.replicas.refresh-interval:1s}")
  void followOtherReplicas() {
    try {
      String seen = fingerprint(store.inStates(List.of("applied")));
      if (!seen.equals(appliedSeen)) {
        refreshModel(clock.instant());
      }
    } catch (RuntimeException e) {
      // the database gate reports an outage; the next round tries again
    }
  }

  private static String fingerprint(List<GovernanceRequest> applied) {
    StringBuilder b = new StringBuilder();
    applied.stream().map(GovernanceRequest::etag).sorted().forEach(e -> b.append(e).append(','));
    return b.toString();
  }

  private void refreshModel(Instant now) {
    List<GovernanceRequest> applied = store.inStates(List.of("applied"));
    appliedSeen = fingerprint(applied);
    GovernanceModel model = ModelChanges.overlay(base, applied, now);
    // the directory stays the snapshot's: with Keycloak it follows the realm (DirectoryRefresh)
    arbiter.update(s -> s.withModel(model.withDirectory(s.model().directory()), s.policyDigest()));
  }

  private static Step stale(GovernanceRequest current) {
    return new Step.Refused(
        new WorkflowError(
            "request.stale",
            "request "
                + current.id()
                + " changed meanwhile; its current version is "
                + current.etag(),
            412));
  }
}
