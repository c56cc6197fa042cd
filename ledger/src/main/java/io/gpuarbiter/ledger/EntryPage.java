package io.gpuarbiter.ledger;

import java.util.List;
import java.util.OptionalLong;

/** One page of entries; {@code nextFrom} is the {@code fromSeq} of the next page, if any. */
public record EntryPage(List<StoredEntry> entries, OptionalLong nextFrom) {
  public EntryPage {
    entries = List.copyOf(entries);
  }
}
