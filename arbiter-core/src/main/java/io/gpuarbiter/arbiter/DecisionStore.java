package io.gpuarbiter.arbiter;

import io.gpuarbiter.arbitration.snapshot.Charge;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where decisions and the charges they make become durable, together. Every replica of the service
 * shares one store (one database); {@link #record} serialises their decisions, so the accounting
 * every decision is taken on includes every charge any replica committed before it.
 *
 * <p>The charges form a log of versions: each recorded step that changes a charge moves the store
 * to a new version, and a replica that knows version {@code v} is brought up to date by the changes
 * after {@code v}. The ledger stays the record of truth; the charges are the running state derived
 * from it, committed in the same transaction as the entries that justify them, so "charged" and
 * "recorded" can never disagree.
 */
public interface DecisionStore {
  /**
   * The charges held now and the version they are at: where a replica starts (no ledger replay).
   *
   * @throws Unavailable when the store cannot be read
   */
  Standing load() throws Unavailable;

  /**
   * Runs one decide-and-record step, serialised with every other replica's: the store locks the
   * accounting, hands {@code step} the charge changes committed since {@code knownVersion}, and
   * commits what it returns (ledger records and charge changes) in one transaction, durably, before
   * this returns. Nothing is committed if the step throws.
   *
   * @throws Unavailable when nothing could be made durable: no answer may say allowed
   */
  <T> Committed<T> record(long knownVersion, Step<T> step) throws Unavailable;

  /**
   * The charge changes committed after {@code knownVersion}, without locking anything (a replica
   * catching up between its own decisions, for reports and previews).
   */
  CatchUp changesSince(long knownVersion) throws Unavailable;

  /**
   * Deletes the rows of charges released before {@code before}, kept until then so replicas that
   * had not seen the release learn of it; a replica that knew less than what was pruned reloads
   * every held charge at its next step. Run by one replica.
   *
   * @return rows deleted
   * @throws Unavailable when the store cannot be written
   */
  int pruneReleased(java.time.Instant before) throws Unavailable;

  /**
   * The decisions of one step, taken on the store's state as {@link CatchUp} brings it up to date.
   */
  @FunctionalInterface
  interface Step<T> {
    Outcome<T> decide(CatchUp caughtUp);
  }

  /**
   * @param version the store's version before the step (the changes bring a replica to it)
   * @param changes what changed after the version the replica knew; {@link ChargeChange.Reload}
   *     first when the replica is too far behind for a list of changes
   */
  record CatchUp(long version, List<ChargeChange> changes) {}

  /**
   * What one step records: ledger records in order, the charge changes they make (at most one per
   * workload), and the step's own result.
   */
  record Outcome<T>(List<DecisionRecord> records, List<RecordedChange> changes, T value) {}

  /**
   * A charge change and the record (an index into {@link Outcome#records()}) that justifies it: the
   * row names the ledger entry, so no charge exists without the entry that made it.
   */
  record RecordedChange(ChargeChange change, int record) {}

  /**
   * @param version the store's version after the step
   * @param positions where each record of the outcome is, in order
   */
  record Committed<T>(long version, List<Position> positions, T value) {}

  /** The charges held at a version. */
  record Standing(long version, List<Charge> charges) {}

  /**
   * @param entry the durable id of the record (the ledger's queue id)
   * @param seq its position in the verifiable log, once sequenced
   */
  record Position(long entry, OptionalLong seq) {}

  /** The store could not make a step durable (or could not be read); nothing was acknowledged. */
  final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
