package io.gpuarbiter.ledger;

import io.gpuarbiter.ledger.encoding.EntryDraft;

/**
 * An entry integrated into the tree at position {@code seq}.
 *
 * @param seq dense position in the log, from 0
 * @param queueId the id its append returned
 * @param draft the decoded entry (kind, recordedAt, index attributes, body)
 * @param canonical the canonical bytes, as leaf-hashed
 * @param leafHash SHA-256(0x00 ‖ canonical)
 */
public record StoredEntry(
    long seq, long queueId, EntryDraft draft, byte[] canonical, byte[] leafHash) {
  public StoredEntry {
    canonical = canonical.clone();
    leafHash = leafHash.clone();
  }

  @Override
  public byte[] canonical() {
    return canonical.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }
}
