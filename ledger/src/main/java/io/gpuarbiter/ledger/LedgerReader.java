package io.gpuarbiter.ledger;

import io.gpuarbiter.ledger.merkle.ConsistencyProof;
import io.gpuarbiter.ledger.merkle.InclusionProof;
import java.util.Optional;

/**
 * Read-only view of the log. Every method reads committed state only; answers are consistent with
 * the checkpoints (an entry is visible once a checkpoint covering it is stored: the sequencer
 * writes both in one transaction).
 */
public interface LedgerReader {

  /** The latest signed checkpoint; empty only before the first sequencer run on a new database. */
  Optional<SignedCheckpoint> latestCheckpoint();

  /**
   * The checkpoint signed at exactly {@code treeSize}.
   *
   * @throws LedgerInputException.Invalid if {@code treeSize} is negative
   * @throws LedgerInputException.NotFound if no checkpoint was signed at that size
   */
  SignedCheckpoint checkpointAt(long treeSize);

  /** A page of integrated entries matching {@code query}, in seq order. */
  EntryPage entries(EntryQuery query);

  /**
   * The entry at {@code seq}, with canonical bytes and leaf hash.
   *
   * @throws LedgerInputException.Invalid if {@code seq} is negative
   * @throws LedgerInputException.NotFound if {@code seq} ≥ the current tree size
   */
  StoredEntry entry(long seq);

  /**
   * RFC 9162 inclusion proof of entry {@code seq} in the tree of {@code treeSize} entries.
   *
   * @throws LedgerInputException.Invalid if seq &lt; 0, treeSize ≤ seq, or treeSize is beyond the
   *     current tree
   */
  InclusionProof inclusionProof(long seq, long treeSize);

  /**
   * RFC 9162 consistency proof between tree sizes {@code from} and {@code to} (empty if equal or
   * from is 0).
   *
   * @throws LedgerInputException.Invalid if from &lt; 0, from &gt; to, or to is beyond the current
   *     tree
   */
  ConsistencyProof consistencyProof(long from, long to);

  /** Current tree size (entries integrated and covered by the latest checkpoint). */
  long treeSize();

  /** The C2SP verifier key of the checkpoint signer: {@code <name>+<hex id>+<base64 key>}. */
  String verifierKey();

  /** The checkpoint signer's public key, PEM (SubjectPublicKeyInfo). */
  String publicKeyPem();
}
