package io.gpuarbiter.api.requests;

import io.gpuarbiter.admission.Arbiter;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.arbiter.ApprovalDesk;
import io.gpuarbiter.arbitration.approval.BelowUsage;
import io.gpuarbiter.arbitration.approval.GovernanceRequest;
import io.gpuarbiter.arbitration.approval.RequestDraft;
import io.gpuarbiter.arbitration.approval.RequestKind;
import io.gpuarbiter.arbitration.approval.RequestState;
import io.gpuarbiter.arbitration.approval.Workflow;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.request.GpuRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tickets for workloads beyond quota. A NeedsApproval admission opens one (unless one is already
 * open for the workload); the approvers decide it like any request; once approved it admits the
 * workload, with up to the approved excess, for {@link #VALID_FOR}.
 */
@Singleton
public class WorkloadTickets implements ApprovalDesk {
  /** How long a ticket waits for a decision, and how long an approval admits the workload. */
  static final Duration VALID_FOR = Duration.ofHours(24);

  private static final String KIND = RequestKind.WORKLOAD_ADMISSION.label();
  private final RequestStore store;
  private final RequestJournal journal;

  WorkloadTickets(RequestStore store, RequestJournal journal) {
    this.store = store;
    this.journal = journal;
  }

  @Override
  public Optional<Gpue> approvedExcess(String workloadKey, Instant now) {
    return about(KIND, workloadKey).stream()
        .filter(r -> r.state() == RequestState.APPLIED)
        .filter(r -> r.draft().until().map(now::isBefore).orElse(true))
        .map(GovernanceRequest::excess)
        .max(Gpue::compareTo);
  }

  /** Policy exceptions: a request of that kind whose subject is the policy name, applied now. */
  @Override
  public Set<String> exceptedPolicies(TeamId team, Set<String> policies, Instant now) {
    Set<String> out = new HashSet<>();
    for (String policy : policies) {
      boolean inForce =
          about(RequestKind.POLICY_EXCEPTION.label(), policy).stream()
              .filter(r -> r.state() == RequestState.APPLIED)
              .filter(r -> r.draft().team().equals(team))
              .anyMatch(r ->
                  !now.isBefore(r.draft().from().orElse(r.createdAt()))
                      && r.draft().until().map(now::isBefore).orElse(false));
      if (inForce) {
        out.add(policy);
      }
    }
    return out;
  }

  @Override
  public void open(GpuRequest request, NeedsApproval decision, ReviewContext ctx, Instant now) {
    String key = request.workload().uid();
    boolean alreadyOpen =
        about(KIND, key).stream().anyMatch(r -> r.state().pending() && now.isBefore(r.expiresAt()));
    if (alreadyOpen) {
      return;
    }
    UserId requester = request.requester().orElse(new UserId("kubernetes"));
    RequestDraft draft =
        new RequestDraft(
            RequestKind.WORKLOAD_ADMISSION,
            decision.charge().team(),
            decision.charge().pool(),
            decision.ticket().asked(),
            Optional.of(now),
            Optional.of(now.plus(VALID_FOR.multipliedBy(2))),
            "admission of " + request.workload() + " (review " + ctx.reviewUid() + ")",
            Optional.empty(),
            Optional.of(ctx.apiVersion()).filter(v -> !v.isEmpty()),
            key,
            requester,
            BelowUsage.REFUSE);
    GovernanceRequest ticket =
        Workflow.ticket(UUID.randomUUID().toString(), draft, decision.ticket(), now, VALID_FOR);
    try {
      journal.record(ticket, now, request.workload().namespace());
    } catch (RuntimeException e) { // ledger or store: either way the ticket is not known open
      throw new Arbiter.Unavailable("the approval ticket cannot be opened: " + e.getMessage(), e);
    }
  }

  /**
   * The requests about a subject. When they cannot be read, nobody can tell whether an approval is
   * in force: the review is denied as undecidable (503), never decided without them.
   */
  private List<GovernanceRequest> about(String kind, String subject) {
    try {
      return store.about(kind, subject);
    } catch (IllegalStateException e) {
      throw new Arbiter.Unavailable("approvals cannot be read: " + e.getMessage(), e);
    }
  }
}
