package io.gpuarbiter.api.ledger;

import io.gpuarbiter.ledger.EntryPage;
import io.gpuarbiter.ledger.StoredEntry;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** JSON shapes of the ledger API: hashes and canonical bytes in standard base64. */
final class LedgerViews {
  private LedgerViews() {}

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Serdeable
  record EntryView(
      long seq,
      String kind,
      Instant recordedAt,
      String team,
      String namespace,
      String outcome,
      String leafHash,
      String canonical) {
    static EntryView of(StoredEntry e) {
      var d = e.draft();
      return new EntryView(
          e.seq(),
          d.kind(),
          d.recordedAt(),
          d.team(),
          d.namespace(),
          d.outcome(),
          b64(e.leafHash()),
          b64(e.canonical()));
    }
  }

  @Serdeable
  record EntriesView(List<EntryView> entries, Long nextFrom) {
    static EntriesView of(EntryPage page) {
      return new EntriesView(
          page.entries().stream().map(EntryView::of).toList(),
          page.nextFrom().isPresent() ? page.nextFrom().getAsLong() : null);
    }
  }

  @Serdeable
  record InclusionView(long leafIndex, long treeSize, List<String> hashes) {}

  @Serdeable
  record ConsistencyView(long from, long to, List<String> hashes) {}

  @Serdeable
  record KeyView(String verifierKey, String publicKeyPem) {}
}
