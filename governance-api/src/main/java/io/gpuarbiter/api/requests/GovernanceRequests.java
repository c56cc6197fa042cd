package io.gpuarbiter.api.requests;

import io.gpuarbiter.admission.arbiter.SnapshotArbiter;
import io.gpuarbiter.api.cluster.GateRelease;
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
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.encoding.EntryDraft;
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
 * The approval workflow as a service: each step is a pure {@link Workflow} transition, stored with
 * optimistic locking, recorded in the ledger, and — once applied — laid over the base model so the
 * engine's next decisions use it.
 */
@Context
public class GovernanceRequests {
  private final RequestStore store;
  private final Ledger ledger;
  private final SnapshotArbiter arbiter;
  private final GovernanceModel base;
  private final Clock clock;
  private final Optional<GateRelease> gates;
  private final io.micronaut.context.BeanProvider<io.gpuarbiter.api.cluster.ClusterControllers>
      cluster;

  GovernanceRequests(
      RequestStore store,
      Ledger ledger,
      SnapshotArbiter arbiter,
      LoadedModel model,
      Clock clock,
      Optional<GateRelease> gates,
      io.micronaut.context.BeanProvider<io.gpuarbiter.api.cluster.ClusterControllers> cluster) {
    this.gates = gates;
    this.cluster = cluster;
    this.store = store;
    this.ledger = ledger;
    this.arbiter = arbiter;
    this.base = model.model();
    this.clock = clock;
    refreshModel(clock.instant()); // applied requests of earlier runs are in force again
  }

  /** What submitting would do (who approves, capacity, squeezed guarantees); creates nothing. */
  public Preview preview(RequestDraft draft) {
    return Preview.of(draft, arbiter.snapshot(), clock.instant());
  }

  public Step submit(RequestDraft draft) {
    Instant now = clock.instant();
    Step step = Workflow.submit(UUID.randomUUID().toString(), draft, arbiter.snapshot(), now);
    if (step instanceof Step.Done done) {
      record(done.request(), now);
      store.insert(done.request());
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
    List<History> out = new java.util.ArrayList<>();
    String marker = "\"id\":\"" + r.id() + "\"";
    java.util.OptionalLong from = java.util.OptionalLong.of(0);
    while (from.isPresent()) {
      var page =
          ledger.entries(
              new io.gpuarbiter.ledger.EntryQuery(
                  from.getAsLong(),
                  io.gpuarbiter.ledger.EntryQuery.MAX_LIMIT,
                  r.draft().team().value(),
                  null,
                  null,
                  r.createdAt().minusSeconds(1),
                  null));
      for (var e : page.entries()) {
        String body = new String(e.draft().body(), java.nio.charset.StandardCharsets.UTF_8);
        if (e.draft().kind().equals("governance-request") && body.contains(marker)) {
          out.add(new History(e.seq(), e.draft().recordedAt(), e.draft().outcome()));
        }
      }
      from = page.nextFrom();
    }
    return out;
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
    Instant now = clock.instant();
    boolean changed = false;
    for (GovernanceRequest r : store.inStates(List.of("submitted", "under-review", "applied"))) {
      Optional<GovernanceRequest> expired = Workflow.expireIfDue(r, now);
      if (expired.isPresent() && store.replace(expired.get())) {
        record(expired.get(), now);
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
      if (!store.replace(done.request())) {
        return stale(current.get());
      }
      Instant now = clock.instant();
      record(done.request(), now);
      if (done.request().state().granted()) {
        return applyNow(done.request(), now);
      }
    }
    return step;
  }

  private Step applyNow(GovernanceRequest granted, Instant now) {
    Step applied = Workflow.apply(granted, now);
    if (applied instanceof Step.Done done && store.replace(done.request())) {
      record(done.request(), now);
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

  private void refreshModel(Instant now) {
    List<GovernanceRequest> applied = store.inStates(List.of("applied"));
    GovernanceModel model = ModelChanges.overlay(base, applied, now);
    // the directory stays the snapshot's: with Keycloak it follows the realm (DirectoryRefresh)
    arbiter.update(s -> s.withModel(model.withDirectory(s.model().directory()), s.policyDigest()));
  }

  private void record(GovernanceRequest r, Instant now) {
    ledger.append(
        new EntryDraft(
            "governance-request",
            now,
            r.draft().team().value(),
            null,
            r.state().label(),
            store.canonical(r)));
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
