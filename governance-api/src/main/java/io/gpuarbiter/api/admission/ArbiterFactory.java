package io.gpuarbiter.api.admission;

import io.gpuarbiter.admission.AdmissionHandler;
import io.gpuarbiter.admission.DeleteReviews;
import io.gpuarbiter.admission.LiveArbiter;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.owners.Lineage;
import io.gpuarbiter.api.database.DatabaseGate;
import io.gpuarbiter.api.requests.WorkloadTickets;
import io.gpuarbiter.arbiter.DecisionStore;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.gpuarbiter.arbiter.store.SqlDecisionStore;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.storage.Dialect;
import io.gpuarbiter.model.LoadedModel;
import io.gpuarbiter.policies.PolicyEvaluator;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
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

  /**
   * Where decisions and charges become durable: the service's database, behind the database gate.
   * On a database whose ledger predates the charges table, the table is derived from the ledger
   * once.
   */
  @Singleton
  DecisionStore decisionStore(
      Ledger ledger,
      DataSource dataSource,
      DatabaseGate gate,
      @Value("${datasources.default.url}") String url)
      throws DecisionStore.Unavailable {
    ledger.sequencer().runOnce(); // integrate what a previous run queued before deriving from it
    SqlDecisionStore store = SqlDecisionStore.open(ledger, dataSource, Dialect.fromJdbcUrl(url));
    store
        .bootstrapped()
        .ifPresent(n -> LOG.info("charges table created from the ledger: {} charges held", n));
    return new GatedDecisionStore(store, gate);
  }

  /** The live arbiter, started from the charges table (no ledger replay). */
  @Singleton
  SnapshotArbiter arbiter(
      LoadedModel model,
      DecisionStore store,
      Clock clock,
      WorkloadTickets tickets,
      PolicyEvaluator policies)
      throws DecisionStore.Unavailable {
    long started = System.nanoTime();
    SnapshotArbiter arbiter =
        SnapshotArbiter.start(
            GovernanceSnapshot.of(model.model(), policies.bundleDigest()),
            store,
            clock,
            tickets,
            policies);
    LOG.info(
        "live arbiter started from the charges table in {} ms: {} workloads hold GPUs",
        (System.nanoTime() - started) / 1_000_000,
        arbiter.snapshot().charges().size());
    return arbiter;
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
