package io.gpuarbiter.ledger.verify;

import io.gpuarbiter.ledger.SignedCheckpoint;
import io.gpuarbiter.ledger.checkpoint.Checkpoint;
import io.gpuarbiter.ledger.checkpoint.CheckpointException;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.encoding.EntryCodec;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.gpuarbiter.ledger.encoding.MalformedEntryException;
import io.gpuarbiter.ledger.merkle.Hashes;
import io.gpuarbiter.ledger.merkle.MemoryTree;
import io.gpuarbiter.ledger.merkle.ProofException;
import io.gpuarbiter.ledger.merkle.ProofVerifier;
import io.gpuarbiter.ledger.storage.Dialect;
import io.gpuarbiter.ledger.storage.EntryStore;
import io.gpuarbiter.ledger.storage.TreeStore;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Re-verifies a whole log from its entries, trusting nothing stored except what the verifier key
 * signs: every leaf hash is recomputed from the canonical bytes, the tree is rebuilt in memory, and
 * every checkpoint must carry a valid signature, match the rebuilt root at its size, grow
 * monotonically and be consistent (RFC 9162 proof) with its predecessor.
 */
public final class LogAuditor {

  private static final int MAX_REPORTED = 50;
  private final NoteVerifier verifier;

  public LogAuditor(NoteVerifier verifier) {
    this.verifier = verifier;
  }

  /** One stored entry; {@code columns} is null when the source has no separate index columns. */
  public record EntryRow(long seq, byte[] leafHash, byte[] canonical, EntryDraft columns) {}

  /** Where the log comes from: a database or an export file. */
  public interface LogSource {
    /** Every entry in stored seq order. */
    void entries(Consumer<EntryRow> visitor);

    /** Every checkpoint note, in stored order. */
    List<String> checkpointNotes();
  }

  /** Outcome of an audit: empty {@code failures} means the log verified. */
  public record Report(long entries, int checkpoints, long treeSize, List<String> failures) {
    public boolean ok() {
      return failures.isEmpty();
    }
  }

  /** Audits the log; {@code trustedNote} is a checkpoint the auditor saw earlier, or null. */
  public Report audit(LogSource source, String trustedNote) {
    List<String> failures = new ArrayList<>();
    MemoryTree tree = new MemoryTree();
    source.entries(row -> checkEntry(row, tree, failures));
    List<Checkpoint> checkpoints = checkCheckpoints(source.checkpointNotes(), tree, failures);
    long covered = checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).size();
    if (tree.size() > covered) {
      fail(
          failures,
          "%d entries after the latest checkpoint (size %d): not covered by any signature"
              .formatted(tree.size() - covered, covered));
    }
    if (trustedNote != null) {
      checkTrusted(trustedNote, covered, tree, failures);
    }
    return new Report(tree.size(), checkpoints.size(), tree.size(), List.copyOf(failures));
  }

  /** Audits without a previously trusted checkpoint. */
  public Report audit(LogSource source) {
    return audit(source, null);
  }

  private static void checkEntry(EntryRow row, MemoryTree tree, List<String> failures) {
    long expected = tree.size();
    if (row.seq() != expected) {
      fail(
          failures,
          "entry seq %d found where seq %d was expected (entry deleted, inserted or reordered)"
              .formatted(row.seq(), expected));
    }
    byte[] leaf = Hashes.leafHash(row.canonical());
    if (row.leafHash() != null && !MessageDigest.isEqual(leaf, row.leafHash())) {
      fail(
          failures,
          "entry seq %d: stored leaf hash does not match its canonical bytes".formatted(row.seq()));
    }
    try {
      EntryDraft decoded = EntryCodec.decode(row.canonical());
      if (row.columns() != null && !sameIndex(decoded, row.columns())) {
        fail(
            failures,
            "entry seq %d: index columns differ from the canonical bytes".formatted(row.seq()));
      }
    } catch (MalformedEntryException e) {
      fail(
          failures,
          "entry seq %d: canonical bytes do not decode: %s".formatted(row.seq(), e.getMessage()));
    }
    tree.append(leaf);
  }

  private static boolean sameIndex(EntryDraft a, EntryDraft b) {
    return a.kind().equals(b.kind())
        && a.recordedAt().equals(b.recordedAt())
        && Objects.equals(a.team(), b.team())
        && Objects.equals(a.namespace(), b.namespace())
        && Objects.equals(a.outcome(), b.outcome());
  }

  private List<Checkpoint> checkCheckpoints(
      List<String> notes, MemoryTree tree, List<String> failures) {
    List<Checkpoint> good = new ArrayList<>();
    for (int i = 0; i < notes.size(); i++) {
      Checkpoint cp;
      try {
        cp = verifier.verifyCheckpoint(notes.get(i));
      } catch (CheckpointException e) {
        fail(failures, "checkpoint #%d: %s".formatted(i + 1, e.getMessage()));
        continue;
      }
      if (!matchesTree(cp, tree, failures)) {
        continue;
      }
      if (!good.isEmpty()) {
        Checkpoint prev = good.get(good.size() - 1);
        if (cp.size() <= prev.size()) {
          fail(
              failures,
              "checkpoint at size %d follows checkpoint at size %d: the log was rolled back"
                  .formatted(cp.size(), prev.size()));
          continue;
        }
        try {
          ProofVerifier.verifyConsistency(
              prev.size(),
              cp.size(),
              prev.rootHash(),
              cp.rootHash(),
              tree.proofs().consistency(prev.size(), cp.size()).hashes());
        } catch (ProofException e) {
          fail(
              failures,
              "checkpoints %d → %d are not consistent: %s"
                  .formatted(prev.size(), cp.size(), e.getMessage()));
        }
      }
      good.add(cp);
    }
    return good;
  }

  private static boolean matchesTree(Checkpoint cp, MemoryTree tree, List<String> failures) {
    if (cp.size() > tree.size()) {
      fail(
          failures,
          "checkpoint at size %d but the log has only %d entries (entries deleted or truncated)"
              .formatted(cp.size(), tree.size()));
      return false;
    }
    if (!MessageDigest.isEqual(cp.rootHash(), tree.proofs().root(cp.size()))) {
      fail(
          failures,
          "checkpoint at size %d: signed root does not match the entries".formatted(cp.size()));
      return false;
    }
    return true;
  }

  private void checkTrusted(String note, long covered, MemoryTree tree, List<String> failures) {
    try {
      Checkpoint trusted = verifier.verifyCheckpoint(note);
      if (trusted.size() > covered) {
        fail(
            failures,
            "trusted checkpoint has size %d but the log's latest is %d: the log was rolled back"
                .formatted(trusted.size(), covered));
      } else if (!MessageDigest.isEqual(trusted.rootHash(), tree.proofs().root(trusted.size()))) {
        fail(
            failures,
            "trusted checkpoint at size %d does not match this log (fork)"
                .formatted(trusted.size()));
      }
    } catch (CheckpointException e) {
      fail(failures, "trusted checkpoint: " + e.getMessage());
    }
  }

  private static void fail(List<String> failures, String message) {
    if (failures.size() < MAX_REPORTED) {
      failures.add(message);
    } else if (failures.size() == MAX_REPORTED) {
      failures.add("… more failures not shown");
    }
  }

  /** The log as stored in a ledger database (read-only; no migration, no key needed). */
  public static LogSource fromDatabase(DataSource dataSource, Dialect dialect) {
    EntryStore entries = new EntryStore(dataSource, dialect, null);
    TreeStore tree = new TreeStore(dataSource, dialect);
    return new LogSource() {
      @Override
      public void entries(Consumer<EntryRow> visitor) {
        entries.forEachRow(r ->
            visitor.accept(
                new EntryRow(r.getSeq(), r.getLeafHash(), r.getCanonical(), columns(r))));
      }

      @Override
      public List<String> checkpointNotes() {
        return tree.allCheckpoints().stream().map(SignedCheckpoint::note).toList();
      }
    };
  }

  private static EntryDraft columns(
      io.gpuarbiter.ledger.storage.jooq.tables.records.LedgerEntryRecord r) {
    long us = r.getRecordedAtUs();
    return new EntryDraft(
        r.getKind(),
        java.time.Instant.ofEpochSecond(
            Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000),
        r.getTeam(),
        r.getNamespace(),
        r.getOutcome(),
        new byte[0]);
  }
}
