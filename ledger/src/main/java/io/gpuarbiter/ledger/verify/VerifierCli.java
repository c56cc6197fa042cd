package io.gpuarbiter.ledger.verify;

import io.gpuarbiter.ledger.checkpoint.Checkpoint;
import io.gpuarbiter.ledger.checkpoint.CheckpointException;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.merkle.Hashes;
import io.gpuarbiter.ledger.merkle.InclusionProof;
import io.gpuarbiter.ledger.merkle.ProofException;
import io.gpuarbiter.ledger.merkle.ProofVerifier;
import io.gpuarbiter.ledger.storage.Dialect;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The auditor's command line. Exit codes: 0 verified, 1 verification failed (tampering or
 * inconsistency found), 2 usage or input error (bad arguments, unreadable file, database
 * unreachable). See ledger/README.md.
 */
public final class VerifierCli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      usage:
        ledger-verifier log (--jdbc-url URL [--user U] [--password P] | --export FILE)
                            (--key VERIFIER_KEY | --key-file FILE) [--trusted-checkpoint FILE]
        ledger-verifier inclusion --entry FILE --proof FILE --checkpoint FILE
                                  (--key VERIFIER_KEY | --key-file FILE)
        ledger-verifier export --jdbc-url URL [--user U] [--password P] --out FILE
      exit codes: 0 verified, 1 verification failed, 2 usage or input error
      """;

  private final PrintStream out;
  private final PrintStream err;

  VerifierCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // An auditor's terminal is no place for jOOQ's banner and tips.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    System.exit(new VerifierCli(System.out, System.err).run(args));
  }

  /** Runs one command and returns its exit code. */
  int run(String[] args) {
    if (args.length == 0) {
      err.print(USAGE_TEXT);
      return USAGE;
    }
    try {
      Map<String, String> opts = options(args);
      return switch (args[0]) {
        case "log" -> log(opts);
        case "inclusion" -> inclusion(opts);
        case "export" -> export(opts);
        default -> throw new UsageException("unknown command " + args[0]);
      };
    } catch (UsageException | IOException | CheckpointException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      if (e instanceof UsageException) {
        err.print(USAGE_TEXT);
      }
      return USAGE;
    } catch (RuntimeException e) {
      // Database unreachable, locked or not a ledger: an input problem, not a verdict on the log.
      err.println("error: cannot read the log: " + e.getMessage());
      return USAGE;
    }
  }

  private int log(Map<String, String> o) throws IOException, CheckpointException, UsageException {
    NoteVerifier verifier = verifier(o);
    String trusted =
        o.containsKey("--trusted-checkpoint")
            ? Files.readString(Path.of(o.get("--trusted-checkpoint")))
            : null;
    List<String> failures = new ArrayList<>();
    LogAuditor.LogSource source;
    if (o.containsKey("--export")) {
      ExportFile.Parsed parsed = ExportFile.read(Path.of(o.get("--export")));
      failures.addAll(parsed.malformedLines());
      source = parsed.source();
    } else if (o.containsKey("--jdbc-url")) {
      source = LogAuditor.fromDatabase(dataSource(o), Dialect.fromJdbcUrl(o.get("--jdbc-url")));
    } else {
      throw new UsageException("log needs --jdbc-url or --export");
    }
    long start = System.nanoTime();
    LogAuditor.Report report = new LogAuditor(verifier).audit(source, trusted);
    failures.addAll(report.failures());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      err.println("FAILED: the log does not verify (" + failures.size() + " problem(s)):");
      failures.forEach(f -> err.println("  - " + f));
      return FAILED;
    }
    out.printf(
        "OK: %d entries, %d checkpoints verified; tree size %d (%.1f s)%n",
        report.entries(), report.checkpoints(), report.treeSize(), seconds);
    return OK;
  }

  private int inclusion(Map<String, String> o)
      throws IOException, CheckpointException, UsageException {
    NoteVerifier verifier = verifier(o);
    ProofFiles.EntryFile entry = ProofFiles.parseEntry(Files.readString(path(o, "--entry")));
    InclusionProof proof = ProofFiles.parseInclusion(Files.readString(path(o, "--proof")));
    Checkpoint cp;
    try {
      cp = verifier.verifyCheckpoint(Files.readString(path(o, "--checkpoint")));
    } catch (CheckpointException e) {
      err.println("FAILED: checkpoint signature: " + e.getMessage());
      return FAILED;
    }
    if (proof.leafIndex() != entry.seq() || proof.treeSize() != cp.size()) {
      err.printf(
          "FAILED: proof is for leaf %d in tree %d, but the entry is seq %d and the checkpoint"
              + " size %d%n",
          proof.leafIndex(), proof.treeSize(), entry.seq(), cp.size());
      return FAILED;
    }
    try {
      ProofVerifier.verifyInclusion(Hashes.leafHash(entry.canonical()), proof, cp.rootHash());
    } catch (ProofException e) {
      err.println("FAILED: " + e.getMessage());
      return FAILED;
    }
    out.printf(
        "OK: entry %d is included in the signed tree of size %d (%s)%n",
        entry.seq(), cp.size(), cp.origin());
    return OK;
  }

  private int export(Map<String, String> o) throws IOException, UsageException {
    if (!o.containsKey("--jdbc-url")) {
      throw new UsageException("export needs --jdbc-url");
    }
    Path file = path(o, "--out");
    ExportFile.write(
        LogAuditor.fromDatabase(dataSource(o), Dialect.fromJdbcUrl(o.get("--jdbc-url"))), file);
    out.println("exported to " + file);
    return OK;
  }

  private static NoteVerifier verifier(Map<String, String> o)
      throws IOException, CheckpointException, UsageException {
    if (o.containsKey("--key")) {
      return new NoteVerifier(o.get("--key"));
    }
    if (o.containsKey("--key-file")) {
      return new NoteVerifier(Files.readString(Path.of(o.get("--key-file"))).trim());
    }
    throw new UsageException("--key or --key-file is required");
  }

  private static UrlDataSource dataSource(Map<String, String> o) {
    String url = o.get("--jdbc-url");
    String user = o.getOrDefault("--user", url.startsWith("jdbc:h2:") ? "sa" : "postgres");
    return new UrlDataSource(url, user, o.getOrDefault("--password", ""));
  }

  private static Path path(Map<String, String> o, String name) throws UsageException {
    if (!o.containsKey(name)) {
      throw new UsageException(name + " is required");
    }
    return Path.of(o.get(name));
  }

  private static Map<String, String> options(String[] args) throws UsageException {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new UsageException("expected --option value, got " + args[i]);
      }
      o.put(args[i], args[i + 1]);
    }
    return o;
  }

  /** Bad command line. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
