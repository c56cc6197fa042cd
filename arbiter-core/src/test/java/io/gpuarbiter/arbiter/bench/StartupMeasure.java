package io.gpuarbiter.arbiter.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.decode.DecodedWorkload;
import io.gpuarbiter.admission.decode.WorkloadDecoder;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.arbiter.ApprovalDesk;
import io.gpuarbiter.arbiter.ChargeReplay;
import io.gpuarbiter.arbiter.DecisionEncoding;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.gpuarbiter.arbiter.store.SqlDecisionStore;
import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.ledger.EntryPage;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.StoredEntry;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.gpuarbiter.ledger.testing.PostgresServer;
import io.gpuarbiter.ledger.testing.TestDatabase;
import io.gpuarbiter.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Start-up with a long history (issue 16): a PostgreSQL ledger of {@code entries} decisions of
 * which {@code live} charges are still held, then, side by side on that data, how long the start
 * took before charges were rows (replay the whole ledger, admit every held charge one by one) and
 * how long it takes now (read the charges table). Run by {@code benchmarks/startup.sh}; prints its
 * figures as Markdown.
 */
public final class StartupMeasure {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final int BATCH = 1000;

  private StartupMeasure() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int live = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20261202L;
    // args[3], optional: the service jar, started twice on the same database afterwards
    try (PostgresServer pg = PostgresServer.start()) {
      TestDatabase db = TestDatabase.open(pg.createDatabase("startup"), 8);
      Path keys = Files.createTempDirectory("startup-keys");
      Ledger ledger = open(db, keys);
      GovernanceSnapshot base =
          GovernanceSnapshot.of(
              ModelLoader.load(Path.of("deploy", "demo", "model.yaml")).model(), "startup");
      long t = System.nanoTime();
      write(ledger, base, entries, live, new Random(seed));
      long written = System.nanoTime() - t;
      t = System.nanoTime();
      while (ledger.sequencer().runOnce() > 0) {
        // integrate everything, as a running sequencer would have
      }
      long sequenced = System.nanoTime() - t;
      System.out.printf(
          Locale.ROOT,
          "%n## Start-up with history%n%nCommand: `benchmarks/startup.sh %d %d %d` (PostgreSQL 17,"
              + " embedded binaries; seed %d). Ledger of %,d entries written in %.0f s and"
              + " integrated in %.0f s (not part of any start).%n%n",
          entries,
          live,
          seed,
          seed,
          ledger.treeSize(),
          written / 1e9,
          sequenced / 1e9);
      System.out.println("| start | charges held | ms |");
      System.out.println("|---|--:|--:|");
      measureBefore(ledger, base);
      measureNow(db, keys, ledger, base);
      ledger.close();
      db.close();
      if (args.length > 3) {
        ServiceStart.measure(Path.of(args[3]), pg.jdbcUrl("startup"), keys, live);
      }
    }
  }

  /** The start before charges were rows: every entry read and replayed, charges one by one. */
  private static void measureBefore(Ledger ledger, GovernanceSnapshot base) {
    long t = System.nanoTime();
    ChargeReplay replay = new ChargeReplay();
    long read = 0;
    OptionalLong from = OptionalLong.of(0);
    while (from.isPresent()) {
      EntryPage page = ledger.entries(EntryQuery.page(from.getAsLong(), EntryQuery.MAX_LIMIT));
      for (StoredEntry e : page.entries()) {
        replay.accept(e.draft().kind(), e.draft().body());
        read++;
      }
      from = page.nextFrom();
    }
    long replayed = System.nanoTime() - t;
    GovernanceSnapshot s = base;
    for (Charge c : replay.charges()) {
      s = s.admit(c); // as ArbiterFactory did until this change: one copy of the sums per charge
    }
    long total = System.nanoTime() - t;
    row("before: replay the ledger (" + read + " entries), admit one by one", s, total);
    System.out.printf(
        Locale.ROOT,
        "| … of which reading and replaying the entries | | %d |%n",
        replayed / 1_000_000);
  }

  /** The start now: the first on this database derives the table once; every later one reads it. */
  private static void measureNow(TestDatabase db, Path keys, Ledger writer, GovernanceSnapshot base)
      throws Exception {
    long t = System.nanoTime();
    SqlDecisionStore first = SqlDecisionStore.open(writer, db.dataSource(), db.dialect());
    System.out.printf(
        Locale.ROOT,
        "| now, first start on a ledger older than the table: derives the table once (the whole"
            + " ledger, then writes the rows) | %d | %d |%n",
        first.bootstrapped().orElse(-1),
        (System.nanoTime() - t) / 1_000_000);
    for (int i = 1; i <= 3; i++) {
      t = System.nanoTime();
      Ledger ledger = open(db, keys);
      SqlDecisionStore store = SqlDecisionStore.open(ledger, db.dataSource(), db.dialect());
      SnapshotArbiter arbiter =
          SnapshotArbiter.start(base, store, Clock.systemUTC(), ApprovalDesk.NONE, null);
      row(
          "now, start " + i + ": read the charges table",
          arbiter.snapshot(),
          System.nanoTime() - t);
      ledger.close();
    }
  }

  private static void row(String what, GovernanceSnapshot s, long nanos) {
    System.out.printf(
        Locale.ROOT, "| %s | %d | %d |%n", what, s.charges().size(), nanos / 1_000_000);
  }

  private static Ledger open(TestDatabase db, Path keys) {
    return Ledger.builder(db.dataSource(), db.dialect())
        .origin("gpu-arbiter.local/ledger")
        .keyDirectory(keys)
        .open();
  }

  /**
   * {@code live} admissions still held and (entries − live) / 2 admissions that were released
   * later, in a seeded random order; every body is what the arbiter writes for a real decision.
   */
  private static void write(
      Ledger ledger, GovernanceSnapshot base, int entries, int live, Random random) {
    GpuRequest request = request();
    Admitted template = (Admitted) new ArbitrationEngine().decide(request, base, T0);
    int transient_ = (entries - live) / 2;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < live + transient_; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, random);
    List<EntryDraft> batch = new ArrayList<>(BATCH);
    long n = 0;
    for (int i : order) {
      Instant at = T0.plusMillis(n++ * 10);
      Charge c = chargeOf(template.charge(), i, at);
      batch.add(admission(request, template, c, at));
      if (i >= live) {
        batch.add(release(c, at.plusMillis(5)));
      }
      if (batch.size() >= BATCH) {
        ledger.appendAll(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      ledger.appendAll(batch);
    }
  }

  private static Charge chargeOf(Charge t, int i, Instant at) {
    String name = "job-" + i;
    String ns = t.workload().namespace();
    return new Charge(
        new WorkloadRef(
            t.workload().kind(), ns, name, "kubeflow.org/PyTorchJob/" + ns + "/" + name),
        t.team(),
        t.pool(),
        t.workloadClass(),
        t.sharing(),
        t.total(),
        t.guaranteedPart(),
        t.borrowed(),
        t.approvedExcess(),
        t.reservationDraws(),
        t.preemptible(),
        t.gpuHours(),
        at);
  }

  private static EntryDraft admission(GpuRequest r, Admitted t, Charge c, Instant at) {
    String id = DecisionEncoding.decisionId("uid-" + c.workload().name(), c.workload().uid());
    Admitted a = new Admitted(t.placement(), c, t.reasons(), t.warnings(), t.basis());
    byte[] body =
        DecisionEncoding.admission(
            id, r, a, new ReviewContext("uid-" + c.workload().name(), "CREATE", "ada"), at);
    return new EntryDraft(
        "admission", at, c.team().value(), c.workload().namespace(), "admitted", id, body);
  }

  private static EntryDraft release(Charge c, Instant at) {
    String id = DecisionEncoding.decisionId("del-" + c.workload().name(), c.workload().uid());
    byte[] body =
        DecisionEncoding.release(
            id, c, new ReviewContext("del-" + c.workload().name(), "DELETE", "ada"), at);
    return new EntryDraft(
        "release", at, c.team().value(), c.workload().namespace(), "released", id, body);
  }

  private static GpuRequest request() {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("name", "template").put("namespace", "vision").remove("labels");
    var decoded =
        new WorkloadDecoder(new ClaimTemplates())
            .decode("PyTorchJob", "vision", "kubeflow.org/PyTorchJob/vision/template", "ada", job);
    return ((DecodedWorkload.Gpu) decoded).request();
  }
}
