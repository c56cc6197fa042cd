package io.gpuarbiter.ledger.bench;

import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.checkpoint.Checkpoint;
import io.gpuarbiter.ledger.checkpoint.KeyFiles;
import io.gpuarbiter.ledger.checkpoint.NoteSigner;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.encoding.EntryCodec;
import io.gpuarbiter.ledger.merkle.Hashes;
import io.gpuarbiter.ledger.merkle.InclusionProof;
import io.gpuarbiter.ledger.merkle.MemoryTree;
import io.gpuarbiter.ledger.merkle.ProofVerifier;
import io.gpuarbiter.ledger.testing.Drafts;
import io.gpuarbiter.ledger.testing.PostgresServer;
import io.gpuarbiter.ledger.testing.TestDatabase;
import io.gpuarbiter.ledger.verify.LogAuditor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Benchmarks for BENCHMARKS.md (a plain main, not a test: no timed assertions anywhere). Run the
 * command documented there; takes about 1.5 minutes on 2 cores.
 */
public final class LedgerBench {

  private static final int[] WRITERS = {1, 8, 64};
  private static final long APPEND_SECONDS = 4;

  private LedgerBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("ledger-bench-");
    appendsH2(dir);
    appendsPostgres(dir);
    verification(1_000_000);
  }

  private static void appendsH2(Path dir) throws Exception {
    for (int writers : WRITERS) {
      try (TestDatabase db =
          TestDatabase.open(
              "jdbc:h2:file:" + dir.resolve("h2-" + writers).toAbsolutePath(), writers + 4)) {
        Ledger l = open(db, dir);
        double rate = appendRate(l, writers);
        var s = l.durabilityStats().orElseThrow();
        System.out.printf(
            "H2         writers=%2d  %8.0f durable appends/s  (%.1f appends per commit,"
                + " mean fsync %.2f ms)%n",
            writers, rate, l.appendsPerCommit(), s.meanSyncMillis());
        l.close();
      }
    }
  }

  private static void appendsPostgres(Path dir) throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      for (int writers : WRITERS) {
        try (TestDatabase db =
            TestDatabase.open(server.createDatabase("bench" + writers), writers + 4)) {
          Ledger l = open(db, dir);
          double rate = appendRate(l, writers);
          System.out.printf(
              "PostgreSQL writers=%2d  %8.0f durable appends/s  (%.1f appends per commit)%n",
              writers, rate, l.appendsPerCommit());
          l.close();
        }
      }
    }
  }

  private static Ledger open(TestDatabase db, Path dir) {
    Ledger l =
        Ledger.builder(db.dataSource(), db.dialect())
            .origin("bench.example/ledger")
            .keyDirectory(dir.resolve("keys"))
            .open();
    l.startSequencer();
    return l;
  }

  /** Runs {@code writers} threads appending for a fixed time; returns acknowledged appends/s. */
  private static double appendRate(Ledger l, int writers) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + APPEND_SECONDS * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < writers; w++) {
      Thread t =
          new Thread(() -> {
            int i = 0;
            while (System.nanoTime() < end) {
              l.append(Drafts.draft(i++));
              done.incrementAndGet();
            }
          });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** Full audit of an n-entry log held in memory, and inclusion-proof verification time. */
  private static void verification(int n) throws Exception {
    NoteSigner signer = new NoteSigner("bench.example/ledger", KeyFiles.generate());
    List<byte[]> canonical = new ArrayList<>(n);
    MemoryTree tree = new MemoryTree();
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      canonical.add(EntryCodec.encode(Drafts.draft(i)));
      tree.append(Hashes.leafHash(canonical.get(i)));
      if ((i + 1) % 5000 == 0) {
        notes.add(signer.sign(new Checkpoint("bench.example/ledger", i + 1, tree.root()).body()));
      }
    }
    LogAuditor.LogSource source =
        new LogAuditor.LogSource() {
          @Override
          public void entries(Consumer<LogAuditor.EntryRow> visitor) {
            for (int i = 0; i < n; i++) {
              visitor.accept(new LogAuditor.EntryRow(i, null, canonical.get(i), null));
            }
          }

          @Override
          public List<String> checkpointNotes() {
            return notes;
          }
        };
    NoteVerifier verifier = new NoteVerifier(signer.verifierKey());
    long start = System.nanoTime();
    LogAuditor.Report r = new LogAuditor(verifier).audit(source);
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "full verification: %d entries, %d checkpoints, ok=%s in %.1f s = %.0f entries/s%n",
        r.entries(), r.checkpoints(), r.ok(), s, r.entries() / s);
    inclusion(tree, canonical, n);
  }

  private static void inclusion(MemoryTree tree, List<byte[]> canonical, int n) throws Exception {
    byte[] root = tree.root();
    SplittableRandom rnd = new SplittableRandom(7);
    int count = 100_000;
    List<InclusionProof> proofs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      proofs.add(tree.proofs().inclusion(rnd.nextInt(n), n));
    }
    for (int round = 0; round < 2; round++) { // first round warms up the JIT
      long start = System.nanoTime();
      for (InclusionProof p : proofs) {
        ProofVerifier.verifyInclusion(Hashes.leafHash(canonical.get((int) p.leafIndex())), p, root);
      }
      double us = (System.nanoTime() - start) / 1e3 / count;
      System.out.printf(
          "inclusion proof verification (tree %d, %d hashes): %.2f µs per proof%s%n",
          n, proofs.get(0).hashes().size(), us, round == 0 ? " (warm-up)" : "");
    }
  }
}
