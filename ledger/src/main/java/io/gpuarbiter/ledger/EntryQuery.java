package io.gpuarbiter.ledger;

import java.time.Instant;

/**
 * A page request over integrated entries, in seq order. Null filters match everything.
 *
 * @param fromSeq first seq to consider (inclusive, ≥ 0)
 * @param limit page size, 1..{@value #MAX_LIMIT}
 * @param team exact team, or null
 * @param namespace exact namespace, or null
 * @param outcome exact outcome, or null
 * @param subject exact subject (what the entries are about, e.g. a request id), or null
 * @param since recordedAt ≥ since, or null
 * @param until recordedAt &lt; until, or null
 */
public record EntryQuery(
    long fromSeq,
    int limit,
    String team,
    String namespace,
    String outcome,
    String subject,
    Instant since,
    Instant until) {

  public static final int MAX_LIMIT = 1000;

  public EntryQuery {
    if (fromSeq < 0) {
      throw new LedgerInputException.Invalid("from must be ≥ 0");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new LedgerInputException.Invalid("limit must be between 1 and " + MAX_LIMIT);
    }
    if (since != null && until != null && until.isBefore(since)) {
      throw new LedgerInputException.Invalid("until is before since");
    }
  }

  /** A query without a subject filter. */
  public EntryQuery(
      long fromSeq,
      int limit,
      String team,
      String namespace,
      String outcome,
      Instant since,
      Instant until) {
    this(fromSeq, limit, team, namespace, outcome, null, since, until);
  }

  /** The first {@code limit} entries from {@code fromSeq}, unfiltered. */
  public static EntryQuery page(long fromSeq, int limit) {
    return new EntryQuery(fromSeq, limit, null, null, null, null, null, null);
  }

  /** The first {@code limit} entries about {@code subject} from {@code fromSeq} (by the index). */
  public static EntryQuery about(String subject, long fromSeq, int limit) {
    return new EntryQuery(fromSeq, limit, null, null, null, subject, null, null);
  }
}
