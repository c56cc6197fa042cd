package io.gpuarbiter.api.admission;

import io.gpuarbiter.admission.AdmissionHandler;
import io.gpuarbiter.admission.DeleteReviews;
import io.gpuarbiter.admission.LiveArbiter;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.owners.Lineage;
import io.gpuarbiter.api.requests.WorkloadTickets;
import io.gpuarbiter.arbiter.ChargeReplay;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.ledger.EntryPage;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.StoredEntry;
import io.gpuarbiter.model.LoadedModel;
import io.gpuarbiter.policies.PolicyEvaluator;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the live arbiter (the one class of the service that knows which class
 * implements the {@link LiveArbiter} port; {@code ServiceArchitectureTest} keeps it so). Builds the
 * live arbiter: the governance snapshot of the loaded model with every charge still held according
 * to the ledger (so a restart forgets nothing acknowledged), and the webhook over it.
 */
@Factory
public class ArbiterFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ArbiterFactory.class);

  @Singleton
  SnapshotArbiter arbiter(
      LoadedModel model,
      Ledger ledger,
      LedgerDecisionLog log,
      Clock clock,
      WorkloadTickets tickets,
      PolicyEvaluator policies) {
    ledger.sequencer().runOnce(); // integrate what a previous run queued before reading it
    ChargeReplay replay = new ChargeReplay();
    long entries = 0;
    OptionalLong from = OptionalLong.of(0);
    while (from.isPresent()) {
      EntryPage page = ledger.entries(EntryQuery.page(from.getAsLong(), EntryQuery.MAX_LIMIT));
      for (StoredEntry e : page.entries()) {
        replay.accept(e.draft().kind(), e.draft().body());
        entries++;
      }
      from = page.nextFrom();
    }
    GovernanceSnapshot snapshot =
        replay.applyTo(GovernanceSnapshot.of(model.model(), policies.bundleDigest()));
    LOG.info(
        "governance snapshot rebuilt from {} ledger entries: {} workloads hold GPUs, {} unreadable",
        entries,
        replay.charges().size(),
        replay.skipped());
    return new SnapshotArbiter(new ArbitrationEngine(), snapshot, log, clock, tickets, policies);
  }

  /**
   * @param cluster in cluster mode, what confirms a DELETE with the API server before its charge is
   *     released; without a cluster the review releases it
   * @param lineage in cluster mode, owner references followed through the API server
   */
  @Singleton
  AdmissionHandler admissionHandler(
      LiveArbiter arbiter,
      @Value("${arbiter.admission.max-bytes:3145728}") int maxBytes,
      Optional<DeleteReviews> cluster,
      Optional<Lineage> lineage) {
    return new AdmissionHandler(
        arbiter,
        new ClaimTemplates(),
        maxBytes,
        cluster.orElse(DeleteReviews.releaseAtOnce(arbiter)),
        lineage.orElse(Lineage.NONE));
  }
}
