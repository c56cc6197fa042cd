package io.gpuarbiter.arbiter.store;

import static io.gpuarbiter.arbiter.store.ChargeTable.HEAD;
import static io.gpuarbiter.arbiter.store.ChargeTable.HEAD_ID;
import static io.gpuarbiter.arbiter.store.ChargeTable.HEAD_VERSION;
import static io.gpuarbiter.arbiter.store.ChargeTable.PRUNED_THROUGH;

import io.gpuarbiter.arbiter.ChargeReplay;
import io.gpuarbiter.arbiter.DecisionStore;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.ledger.EntryPage;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.LedgerStorageException;
import io.gpuarbiter.ledger.StoredEntry;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The first start of the charges table on a database: the head row, and, when the database already
 * has a ledger (written before charges were rows), the charges its decisions hold, derived once by
 * replaying it. Every later start reads the table.
 */
final class LedgerBootstrap {
  private LedgerBootstrap() {}

  /**
   * @return how many charges were derived from the ledger; empty when the table existed already
   */
  static OptionalInt ensureHead(Ledger ledger) throws DecisionStore.Unavailable {
    for (int attempt = 1; ; attempt++) {
      try {
        return ledger.transact((tx, entries) -> {
          if (tx.fetchExists(HEAD, HEAD_ID.eq(1))) {
            return OptionalInt.empty();
          }
          ChargeReplay replay = replay(ledger);
          long version = replay.charges().isEmpty() ? 0 : 1;
          for (Charge c : replay.charges()) {
            ChargeRows.upsertOne(
                tx, c, true, c.admittedAt(), version, replay.entryOf(c.workload().uid()));
          }
          tx.insertInto(HEAD)
              .set(HEAD_ID, 1)
              .set(HEAD_VERSION, version)
              .set(PRUNED_THROUGH, 0L)
              .execute();
          return OptionalInt.of(replay.charges().size());
        });
      } catch (LedgerStorageException e) {
        if (attempt >= 2) {
          throw new DecisionStore.Unavailable(
              "cannot create the charges table: " + e.getMessage(), e);
        }
        // another replica created it at the same moment (primary key): look again
      }
    }
  }

  private static ChargeReplay replay(Ledger ledger) {
    ChargeReplay replay = new ChargeReplay();
    OptionalLong from = OptionalLong.of(0);
    while (from.isPresent()) {
      EntryPage page = ledger.entries(EntryQuery.page(from.getAsLong(), EntryQuery.MAX_LIMIT));
      for (StoredEntry e : page.entries()) {
        replay.accept(e.draft().kind(), e.draft().body(), e.queueId());
      }
      from = page.nextFrom();
    }
    return replay;
  }
}
