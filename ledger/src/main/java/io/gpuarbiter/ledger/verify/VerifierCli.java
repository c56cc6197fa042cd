package io.gpuarbiter.ledger.verify;

import io.gpuarbiter.ledger.checkpoint.CheckpointException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The auditor's command line. Exit codes: 0 verified, 1 verification failed (tampering or
 * inconsistency found), 2 usage or input error (bad or unknown arguments, unreadable file, database
 * unreachable). Arguments are parsed by picocli: an option the command does not know, a missing
 * value or a repeated option is a usage error, so a mistyped option never runs a weaker check. See
 * ledger/README.md.
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
        ledger-verifier <command> --help
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
    PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
    PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
    CommandLine cli =
        new CommandLine(new Root())
            .addSubcommand(new VerifierCommands.Log())
            .addSubcommand(new VerifierCommands.Inclusion())
            .addSubcommand(new VerifierCommands.Export())
            .setOut(o)
            .setErr(e)
            .setParameterExceptionHandler(VerifierCli::usageError)
            .setExecutionExceptionHandler(VerifierCli::inputError);
    try {
      return cli.execute(args);
    } finally {
      o.flush();
      e.flush();
    }
  }

  /** Unknown command or option, missing or repeated option, option without its value. */
  private static int usageError(ParameterException ex, String[] args) {
    PrintWriter e = ex.getCommandLine().getErr();
    e.println("error: " + message(ex));
    UnmatchedArgumentException.printSuggestions(ex, e);
    e.print(USAGE_TEXT);
    return USAGE;
  }

  /** Names the first unknown option and its command; picocli also lists the value after it. */
  private static String message(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException u && u.isUnknownOption()) {
      String option =
          u.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst().orElse("?");
      return "unknown option "
          + option
          + " for "
          + ex.getCommandLine().getCommandName()
          + " ("
          + ex.getMessage()
          + ")";
    }
    return ex.getMessage();
  }

  /** What a command threw: an input problem, never a verdict on the log. */
  private static int inputError(Exception ex, CommandLine cmd, ParseResult parsed) {
    PrintWriter e = cmd.getErr();
    if (ex instanceof UsageException) {
      e.println("error: " + ex.getMessage());
      e.print(USAGE_TEXT);
    } else if (ex instanceof IOException
        || ex instanceof CheckpointException
        || ex instanceof IllegalArgumentException) {
      e.println("error: " + ex.getMessage());
    } else {
      // Database unreachable, locked or not a ledger.
      e.println("error: cannot read the log: " + ex.getMessage());
    }
    return USAGE;
  }

  /** No command given: say which there are. */
  @Command(name = "ledger-verifier", description = "Re-verifies a GPU Arbiter ledger offline.")
  static final class Root implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      throw new ParameterException(spec.commandLine(), "missing command: log, inclusion or export");
    }
  }

  /** Bad command line that the parser cannot see (e.g. a choice between two options). */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
