package io.gpuarbiter.arbiter.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.admission.Arbitrated;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.arbiter.ApprovalDesk;
import io.gpuarbiter.arbiter.ChargeReplay;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Invariants;
import io.gpuarbiter.ledger.EntryPage;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.StoredEntry;
import io.gpuarbiter.ledger.testing.PostgresServer;
import io.gpuarbiter.ledger.testing.TestDatabase;
import io.gpuarbiter.model.ModelLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas, each with its own connection pool, ledger object and live snapshot, deciding at
 * once on one PostgreSQL, on the same teams and pool: together they never admit more than the
 * quotas allow, every admission answered is a held charge with its ledger entry, and the charges
 * table equals the replay of the ledger. Each replica alone would admit up to the full quota, so
 * without the store's serialisation three would admit up to three times as much.
 */
class ReplicasOnOnePostgresIT {
  private static final long SEED = Long.getLong("replicas.seed", 20261202L);
  private static PostgresServer server;
  @TempDir static Path keys;

  @BeforeAll
  static void startServer() throws Exception {
    System.out.println("ReplicasOnOnePostgresIT seed=" + SEED + " (-Dreplicas.seed to repeat)");
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void threeReplicasNeverTogetherOvercommit() throws Exception {
    String url = server.createDatabase("replicas");
    GovernanceSnapshot base =
        GovernanceSnapshot.of(
            ModelLoader.load(Path.of("..", "deploy", "demo", "model.yaml")).model(), "none");
    List<TestDatabase> pools = new ArrayList<>();
    List<Ledger> ledgers = new ArrayList<>();
    List<SnapshotArbiter> replicas = start(url, base, pools, ledgers);
    Random random = new Random(SEED);
    Set<String> admitted = ConcurrentHashMap.newKeySet();
    ExecutorService threads = Executors.newFixedThreadPool(12);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      SnapshotArbiter replica = replicas.get(random.nextInt(3));
      String namespace = random.nextBoolean() ? "nlp-train" : "vision";
      GpuRequest request = job("job-" + i, namespace);
      String uid = "uid-" + i;
      done.add(
          threads.submit(() -> {
            Arbitrated a = replica.arbitrate(request, new ReviewContext(uid, "CREATE", "ada"));
            if (a.decision() instanceof Admitted) {
              admitted.add(request.workload().uid());
            }
            return null;
          }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    threads.shutdown();

    SqlDecisionStore reader =
        SqlDecisionStore.open(ledgers.get(0), pools.get(0).dataSource(), pools.get(0).dialect());
    List<Charge> held = reader.load().charges();
    GovernanceSnapshot all = base;
    for (Charge c : held) {
      all = all.admit(c);
    }
    assertThat(admitted).as("some admitted, some not").isNotEmpty().hasSizeLessThan(240);
    assertThat(Invariants.violations(all, DemoArbiter.NOW)).isEmpty();
    assertThat(held.stream().map(c -> c.workload().uid()))
        .containsExactlyInAnyOrderElementsOf(admitted);
    assertThat(held).containsExactlyInAnyOrderElementsOf(replay(ledgers.get(0)));
    // every replica, caught up, sees the same charges
    for (SnapshotArbiter r : replicas) {
      r.refresh();
      assertThat(r.snapshot().charges()).containsExactlyInAnyOrderElementsOf(held);
    }
    ledgers.forEach(Ledger::close);
    pools.forEach(TestDatabase::close);
  }

  /** Three replicas on one database, each with its own pool, ledger object and store. */
  private List<SnapshotArbiter> start(
      String url, GovernanceSnapshot base, List<TestDatabase> pools, List<Ledger> ledgers)
      throws Exception {
    List<SnapshotArbiter> replicas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestDatabase db = TestDatabase.open(url, 8);
      Ledger ledger =
          Ledger.builder(db.dataSource(), db.dialect())
              .origin("gpu-arbiter.test/replicas")
              .keyDirectory(keys)
              .open();
      SqlDecisionStore store = SqlDecisionStore.open(ledger, db.dataSource(), db.dialect());
      pools.add(db);
      ledgers.add(ledger);
      replicas.add(
          SnapshotArbiter.start(
              base, store, Clock.fixed(DemoArbiter.NOW, ZoneOffset.UTC), ApprovalDesk.NONE, null));
    }
    return replicas;
  }

  private static List<Charge> replay(Ledger ledger) {
    ledger.sequencer().runOnce();
    ChargeReplay replay = new ChargeReplay();
    OptionalLong from = OptionalLong.of(0);
    while (from.isPresent()) {
      EntryPage page = ledger.entries(EntryQuery.page(from.getAsLong(), EntryQuery.MAX_LIMIT));
      for (StoredEntry e : page.entries()) {
        replay.accept(e.draft().kind(), e.draft().body());
      }
      from = page.nextFrom();
    }
    return replay.charges();
  }

  private static GpuRequest job(String name, String namespace) {
    return io.gpuarbiter.admission.testing.DemoJobs.pytorch(name, namespace);
  }
}
