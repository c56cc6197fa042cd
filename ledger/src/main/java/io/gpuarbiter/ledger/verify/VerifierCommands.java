package io.gpuarbiter.ledger.verify;

import io.gpuarbiter.ledger.checkpoint.Checkpoint;
import io.gpuarbiter.ledger.checkpoint.CheckpointException;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.merkle.Hashes;
import io.gpuarbiter.ledger.merkle.InclusionProof;
import io.gpuarbiter.ledger.merkle.ProofException;
import io.gpuarbiter.ledger.merkle.ProofVerifier;
import io.gpuarbiter.ledger.storage.Dialect;
import io.gpuarbiter.ledger.verify.VerifierCli.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The verifier's three commands; {@link VerifierCli} parses and maps exceptions to exit codes. */
final class VerifierCommands {

  private VerifierCommands() {}

  /** The verifier key, given inline or in a file. */
  static final class KeyOptions {
    @Option(names = "--key", paramLabel = "VERIFIER_KEY", description = "signed-note verifier key")
    String key;

    @Option(names = "--key-file", paramLabel = "FILE", description = "file holding the key")
    Path keyFile;

    NoteVerifier verifier() throws IOException, CheckpointException, UsageException {
      if (key != null && keyFile != null) {
        throw new UsageException("give --key or --key-file, not both");
      }
      if (key != null) {
        return new NoteVerifier(key);
      }
      if (keyFile != null) {
        return new NoteVerifier(Files.readString(keyFile).trim());
      }
      throw new UsageException("--key or --key-file is required");
    }
  }

  /** A database by JDBC URL; the user defaults to H2's or PostgreSQL's usual superuser. */
  static final class DatabaseOptions {
    @Option(names = "--jdbc-url", paramLabel = "URL", description = "H2 or PostgreSQL JDBC URL")
    String url;

    @Option(names = "--user", paramLabel = "U", description = "default: sa (H2), postgres")
    String user;

    @Option(names = "--password", paramLabel = "P", description = "default: empty")
    String password = "";

    LogAuditor.LogSource source() {
      String u = user != null ? user : url.startsWith("jdbc:h2:") ? "sa" : "postgres";
      return LogAuditor.fromDatabase(new UrlDataSource(url, u, password), Dialect.fromJdbcUrl(url));
    }
  }

  /** {@code log}: re-verifies a whole log from a database or an export file. */
  @Command(
      name = "log",
      description = "Re-verifies every entry, the tree and every checkpoint of a log.")
  static final class Log implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions database;
    @Mixin KeyOptions keys;

    @Option(names = "--export", paramLabel = "FILE", description = "an export file instead")
    Path export;

    @Option(
        names = "--trusted-checkpoint",
        paramLabel = "FILE",
        description = "a checkpoint seen earlier: the log must not have rolled back below it")
    Path trustedCheckpoint;

    @Mixin HelpOption help;

    @Override
    public Integer call() throws IOException, CheckpointException, UsageException {
      NoteVerifier verifier = keys.verifier();
      String trusted = trustedCheckpoint != null ? Files.readString(trustedCheckpoint) : null;
      List<String> failures = new ArrayList<>();
      LogAuditor.LogSource source;
      if (export != null && database.url != null) {
        throw new UsageException("give --jdbc-url or --export, not both");
      } else if (export != null) {
        ExportFile.Parsed parsed = ExportFile.read(export);
        failures.addAll(parsed.malformedLines());
        source = parsed.source();
      } else if (database.url != null) {
        source = database.source();
      } else {
        throw new UsageException("log needs --jdbc-url or --export");
      }
      long start = System.nanoTime();
      LogAuditor.Report report = new LogAuditor(verifier).audit(source, trusted);
      failures.addAll(report.failures());
      double seconds = (System.nanoTime() - start) / 1e9;
      if (!failures.isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("FAILED: the log does not verify (" + failures.size() + " problem(s)):");
        failures.forEach(f -> err.println("  - " + f));
        return VerifierCli.FAILED;
      }
      spec.commandLine()
          .getOut()
          .printf(
              "OK: %d entries, %d checkpoints verified; tree size %d (%.1f s)%n",
              report.entries(), report.checkpoints(), report.treeSize(), seconds);
      return VerifierCli.OK;
    }
  }

  /** {@code inclusion}: verifies one entry against a signed checkpoint, from three files. */
  @Command(
      name = "inclusion",
      description = "Verifies that one entry is included in a signed tree.")
  static final class Inclusion implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KeyOptions keys;

    @Option(names = "--entry", paramLabel = "FILE", required = true, description = "entry JSON")
    Path entryFile;

    @Option(names = "--proof", paramLabel = "FILE", required = true, description = "proof JSON")
    Path proofFile;

    @Option(
        names = "--checkpoint",
        paramLabel = "FILE",
        required = true,
        description = "the signed checkpoint note")
    Path checkpointFile;

    @Mixin HelpOption help;

    @Override
    public Integer call() throws IOException, CheckpointException, UsageException {
      NoteVerifier verifier = keys.verifier();
      ProofFiles.EntryFile entry = ProofFiles.parseEntry(Files.readString(entryFile));
      InclusionProof proof = ProofFiles.parseInclusion(Files.readString(proofFile));
      PrintWriter err = spec.commandLine().getErr();
      Checkpoint cp;
      try {
        cp = verifier.verifyCheckpoint(Files.readString(checkpointFile));
      } catch (CheckpointException e) {
        err.println("FAILED: checkpoint signature: " + e.getMessage());
        return VerifierCli.FAILED;
      }
      if (proof.leafIndex() != entry.seq() || proof.treeSize() != cp.size()) {
        err.printf(
            "FAILED: proof is for leaf %d in tree %d, but the entry is seq %d and the checkpoint"
                + " size %d%n",
            proof.leafIndex(), proof.treeSize(), entry.seq(), cp.size());
        return VerifierCli.FAILED;
      }
      try {
        ProofVerifier.verifyInclusion(Hashes.leafHash(entry.canonical()), proof, cp.rootHash());
      } catch (ProofException e) {
        err.println("FAILED: " + e.getMessage());
        return VerifierCli.FAILED;
      }
      spec.commandLine()
          .getOut()
          .printf(
              "OK: entry %d is included in the signed tree of size %d (%s)%n",
              entry.seq(), cp.size(), cp.origin());
      return VerifierCli.OK;
    }
  }

  /** {@code export}: writes a database's log to an export file. */
  @Command(name = "export", description = "Writes a log from a database to an export file.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions database;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "export file")
    Path out;

    @Mixin HelpOption help;

    @Override
    public Integer call() throws IOException, UsageException {
      if (database.url == null) {
        throw new UsageException("export needs --jdbc-url");
      }
      ExportFile.write(database.source(), out);
      spec.commandLine().getOut().println("exported to " + out);
      return VerifierCli.OK;
    }
  }

  /** {@code -h, --help} of every command. */
  static final class HelpOption {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help")
    boolean help;
  }
}
