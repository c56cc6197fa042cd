package io.gpuarbiter.arbiter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.arbiter.ChargeChange;
import io.gpuarbiter.arbiter.ChargeReplay;
import io.gpuarbiter.arbiter.DecisionRecord;
import io.gpuarbiter.arbiter.DecisionStore;
import io.gpuarbiter.arbiter.DecisionStore.CatchUp;
import io.gpuarbiter.arbiter.DecisionStore.Outcome;
import io.gpuarbiter.arbiter.DecisionStore.RecordedChange;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.StoredEntry;
import io.gpuarbiter.ledger.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every database under the decision store must do (one suite, run on H2 and on PostgreSQL):
 * charges commit with their ledger entries or not at all, a second replica's step sees the first
 * one's charges, releases reach replicas that have not seen them, and a replica too far behind
 * reloads.
 */
abstract class DecisionStoreContract {
  static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  @TempDir Path keys;
  TestDatabase db;
  final List<Ledger> ledgers = new ArrayList<>();

  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    db = newDatabase();
  }

  @AfterEach
  void close() {
    ledgers.forEach(Ledger::close);
    db.close();
  }

  /** One replica's store: its own ledger object over the shared database, as each process has. */
  SqlDecisionStore replica() throws Exception {
    Ledger ledger =
        Ledger.builder(db.dataSource(), db.dialect())
            .origin("gpu-arbiter.test/arbiter")
            .keyDirectory(keys)
            .open();
    ledgers.add(ledger);
    return SqlDecisionStore.open(ledger, db.dataSource(), db.dialect());
  }

  @Test
  void aNewDatabaseHoldsNoChargesAtVersionZero() throws Exception {
    DecisionStore.Standing s = replica().load();
    assertThat(s.version()).isZero();
    assertThat(s.charges()).isEmpty();
  }

  @Test
  void aChargeCommitsWithItsLedgerEntryAndTheNextReplicaStartsFromIt() throws Exception {
    SqlDecisionStore a = replica();
    Charge c = charge("job-1", 4, T0);
    var committed = a.record(0, caught -> admit(c, "d-1"));
    assertThat(committed.version()).isEqualTo(1);
    assertThat(committed.positions()).hasSize(1);

    DecisionStore.Standing s = replica().load();
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.charges()).containsExactly(c);
    Ledger ledger = ledgers.get(0);
    ledger.sequencer().runOnce();
    StoredEntry entry = ledger.entry(0);
    assertThat(entry.queueId()).isEqualTo(committed.positions().get(0).entry());
    assertThat(entry.draft().subject()).isEqualTo("d-1");
  }

  @Test
  void aStepSeesTheChargesAnotherReplicaCommittedAndReleasesReachIt() throws Exception {
    SqlDecisionStore a = replica();
    SqlDecisionStore b = replica();
    Charge c1 = charge("job-1", 4, T0);
    Charge c2 = charge("job-2", 2, T0);
    a.record(0, caught -> admit(c1, "d-1"));
    AtomicReference<CatchUp> seen = new AtomicReference<>();
    var second =
        b.record(
            0,
            caught -> {
              seen.set(caught);
              return admit(c2, "d-2");
            });
    assertThat(seen.get().version()).isEqualTo(1);
    assertThat(seen.get().changes()).containsExactly(new ChargeChange.Charged(c1));
    assertThat(second.version()).isEqualTo(2);

    Instant released = T0.plusSeconds(60);
    a.record(1, caught -> release(c2, released, "d-3"));
    CatchUp later = b.changesSince(2);
    assertThat(later.version()).isEqualTo(3);
    assertThat(later.changes()).containsExactly(new ChargeChange.Released(c2, released));
    assertThat(b.load().charges()).containsExactly(c1);
  }

  @Test
  void aStepThatFailsCommitsNothing() throws Exception {
    SqlDecisionStore a = replica();
    Charge c = charge("job-1", 4, T0);
    assertThatThrownBy(() ->
            a.record(
                0,
                caught -> {
                  throw new IllegalStateException("the decision failed");
                }))
        .hasMessageContaining("the decision failed");
    assertThatThrownBy(() ->
            a.record(
                0,
                caught -> {
                  // a change naming a record the step does not have fails inside the
                  // transaction, after the admission's entry was inserted: both roll back
                  Outcome<String> admitted = admit(c, "d-1");
                  return new Outcome<>(
                      admitted.records(),
                      List.of(
                          admitted.changes().get(0),
                          new RecordedChange(new ChargeChange.Charged(charge("job-9", 1, T0)), 7)),
                      "x");
                }))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(a.load().version()).isZero();
    assertThat(a.load().charges()).isEmpty();
    Ledger ledger = ledgers.get(0);
    ledger.sequencer().runOnce();
    assertThat(ledger.treeSize()).isZero();
  }

  @Test
  void twoChangesOfOneWorkloadInOneStepEndOnTheLast() throws Exception {
    SqlDecisionStore a = replica();
    Charge c = charge("job-1", 2, T0);
    Outcome<String> admitted = admit(c, "d-1");
    Outcome<String> released = release(c, T0.plusSeconds(1), "d-2");
    a.record(
        0,
        caught ->
            new Outcome<>(
                List.of(admitted.records().get(0), released.records().get(0)),
                List.of(
                    admitted.changes().get(0),
                    new RecordedChange(released.changes().get(0).change(), 1)),
                "both"));
    assertThat(a.load().charges()).isEmpty();
    assertThat(a.changesSince(0).changes())
        .containsExactly(new ChargeChange.Released(c, T0.plusSeconds(1)));
  }

  @Test
  void aReplicaBehindPrunedReleasesReloadsEverything() throws Exception {
    SqlDecisionStore a = replica();
    Charge c1 = charge("job-1", 4, T0);
    Charge c2 = charge("job-2", 1, T0);
    a.record(0, caught -> admit(c1, "d-1"));
    a.record(1, caught -> admit(c2, "d-2"));
    a.record(2, caught -> release(c1, T0.plusSeconds(5), "d-3"));
    assertThat(a.pruneReleased(T0)).as("released at T0+5s: kept").isZero();
    assertThat(a.pruneReleased(T0.plusSeconds(6))).isEqualTo(1);
    assertThat(a.changesSince(1).changes()).containsExactly(new ChargeChange.Reload(List.of(c2)));
    assertThat(a.changesSince(3).changes()).isEmpty();
  }

  @Test
  void aLedgerWrittenBeforeChargesWereRowsIsReplayedOnceIntoTheTable() throws Exception {
    Ledger ledger =
        Ledger.builder(db.dataSource(), db.dialect())
            .origin("gpu-arbiter.test/arbiter")
            .keyDirectory(keys)
            .open();
    ledgers.add(ledger);
    Charge kept = charge("job-1", 4, T0);
    Charge gone = charge("job-2", 2, T0);
    for (Outcome<String> o :
        List.of(admit(kept, "d-1"), admit(gone, "d-2"), release(gone, T0, "d-3"))) {
      ledger.append(SqlDecisionStore.draft(o.records().get(0)));
    }
    ledger.sequencer().runOnce();

    SqlDecisionStore store = SqlDecisionStore.open(ledger, db.dataSource(), db.dialect());
    assertThat(store.bootstrapped()).hasValue(1);
    assertThat(store.load().charges()).containsExactly(kept);
    assertThat(replica().bootstrapped()).isEmpty();
  }

  @Test
  void theTableEqualsTheReplayOfTheLedger() throws Exception {
    SqlDecisionStore[] replicas = {replica(), replica()};
    long[] known = new long[2];
    java.util.Set<String> held = new java.util.HashSet<>();
    java.util.Random random = new java.util.Random(20261202);
    for (int i = 0; i < 40; i++) {
      int r = i % 2;
      String key = "job-" + random.nextInt(8);
      Outcome<String> step =
          held.contains(key) && random.nextBoolean()
              ? release(charge(key, 1, T0), T0.plusSeconds(i), "d-" + i)
              : admit(charge(key, 1 + random.nextInt(3), T0.plusSeconds(i)), "d-" + i);
      known[r] = replicas[r].record(known[r], caught -> step).version();
      if (step.records().get(0).kind().equals("release")) {
        held.remove(key);
      } else {
        held.add(key);
      }
    }
    Ledger ledger = ledgers.get(0);
    ledger.sequencer().runOnce();
    ChargeReplay replay = new ChargeReplay();
    for (StoredEntry e : ledger.entries(EntryQuery.page(0, EntryQuery.MAX_LIMIT)).entries()) {
      replay.accept(e.draft().kind(), e.draft().body());
    }
    assertThat(replay.charges()).hasSize(held.size());
    assertThat(replicas[1].load().charges()).containsExactlyInAnyOrderElementsOf(replay.charges());
  }

  static Charge charge(String key, int gpus, Instant at) {
    return new Charge(
        new WorkloadRef("Job", "nlp-train", key, key),
        new TeamId("nlp"),
        new PoolId("h100"),
        WorkloadClass.TRAINING,
        SharingMode.WHOLE,
        Gpue.ofWhole(gpus),
        Gpue.ofWhole(gpus),
        Gpue.ZERO,
        Gpue.ZERO,
        List.of(),
        false,
        gpus * 2.0,
        at);
  }

  // ---- steps ----

  private static Outcome<String> admit(Charge c, String id) {
    return new Outcome<>(
        List.of(withBody(record(id, "admission"), admissionBody(c))),
        List.of(new RecordedChange(new ChargeChange.Charged(c), 0)),
        id);
  }

  private static Outcome<String> release(Charge held, Instant at, String id) {
    return new Outcome<>(
        List.of(withBody(record(id, "release"), releaseBody(held))),
        List.of(new RecordedChange(new ChargeChange.Released(held, at), 0)),
        id);
  }

  private static DecisionRecord record(String id, String kind) {
    return new DecisionRecord(
        id,
        T0,
        kind,
        "nlp",
        "nlp-train",
        kind.equals("release") ? "released" : "admitted",
        ("{\"v\":1,\"decisionId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static DecisionRecord withBody(DecisionRecord r, byte[] body) {
    return new DecisionRecord(
        r.decisionId(), r.recordedAt(), r.kind(), r.team(), r.namespace(), r.outcome(), body);
  }

  private static byte[] admissionBody(Charge c) {
    return ("{\"v\":1,\"outcome\":\"admitted\",\"charge\":"
            + io.gpuarbiter.arbiter.DecisionEncoding.charge(c)
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] releaseBody(Charge c) {
    return ("{\"v\":1,\"charge\":" + io.gpuarbiter.arbiter.DecisionEncoding.charge(c) + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
