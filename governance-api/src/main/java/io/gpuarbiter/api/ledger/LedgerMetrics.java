package io.gpuarbiter.api.ledger;

import io.gpuarbiter.ledger.Ledger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.util.function.LongSupplier;

/**
 * The ledger's write path for monitoring: the sequencer's backlog (entries durable but not yet in
 * the tree, so in no checkpoint or proof yet), the tree size, and how many appends shared a commit.
 */
@Context
public class LedgerMetrics {
  LedgerMetrics(Ledger ledger, MeterRegistry registry) {
    Gauge.builder("arbiter.ledger.pending", ledger, l -> read(() -> l.entryStore().pendingCount()))
        .baseUnit("entries")
        .description("entries appended durably and waiting for the sequencer")
        .register(registry);
    Gauge.builder("arbiter.ledger.tree.size", ledger, l -> read(l::treeSize))
        .baseUnit("entries")
        .description("entries integrated into the verifiable tree")
        .register(registry);
    Gauge.builder("arbiter.ledger.appends.per.commit", ledger, Ledger::appendsPerCommit)
        .description("mean single appends per database commit since start (group commit)")
        .register(registry);
  }

  /** A scrape must not fail because the database is away: the gauge reads NaN then. */
  private static double read(LongSupplier value) {
    try {
      return value.getAsLong();
    } catch (RuntimeException e) { // any storage failure; the health check reports the cause
      return Double.NaN;
    }
  }
}
