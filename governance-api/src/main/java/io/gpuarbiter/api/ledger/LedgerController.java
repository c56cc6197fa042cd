package io.gpuarbiter.api.ledger;

import io.gpuarbiter.api.ledger.LedgerViews.ConsistencyView;
import io.gpuarbiter.api.ledger.LedgerViews.EntriesView;
import io.gpuarbiter.api.ledger.LedgerViews.EntryView;
import io.gpuarbiter.api.ledger.LedgerViews.InclusionView;
import io.gpuarbiter.api.ledger.LedgerViews.KeyView;
import io.gpuarbiter.api.security.Roles;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.LedgerInputException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The verifiable ledger for auditors: checkpoints (C2SP signed notes), entries with their canonical
 * bytes and leaf hashes, and RFC 9162 inclusion and consistency proofs.
 */
@Secured({Roles.VIEWER, Roles.REQUESTER, Roles.APPROVER, Roles.ADMIN, Roles.AUDITOR})
@Controller("/api/v1/ledger")
@Tag(name = "ledger")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LedgerController {
  private final Ledger ledger;

  LedgerController(Ledger ledger) {
    this.ledger = ledger;
  }

  @Get(uri = "/checkpoint", produces = MediaType.TEXT_PLAIN)
  @Operation(summary = "The latest signed checkpoint (C2SP tlog-checkpoint, Ed25519 signed note)")
  public String checkpoint() {
    return ledger
        .latestCheckpoint()
        .orElseThrow(() -> new LedgerInputException.NotFound("no checkpoint signed yet"))
        .note();
  }

  @Get(uri = "/checkpoints", produces = MediaType.TEXT_PLAIN)
  @Operation(summary = "The signed checkpoint of a given tree size")
  public String checkpointAt(@QueryValue long size) {
    return ledger.checkpointAt(size).note();
  }

  @Get(uri = "/entries", produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "Entries in sequence order, filtered and paged (follow nextFrom)")
  public EntriesView entries(
      @QueryValue(defaultValue = "0") long from,
      @QueryValue(defaultValue = "100") int limit,
      @Nullable @QueryValue String team,
      @Nullable @QueryValue String namespace,
      @Nullable @QueryValue String decision,
      @Nullable @QueryValue String since,
      @Nullable @QueryValue String until) {
    EntryQuery query =
        new EntryQuery(
            from,
            limit,
            team,
            namespace,
            decision,
            instant("since", since),
            instant("until", until));
    return EntriesView.of(ledger.entries(query));
  }

  @Get(uri = "/entries/{seq}", produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "One entry with its leaf hash and canonical bytes (base64)")
  public EntryView entry(@PathVariable long seq) {
    return EntryView.of(ledger.entry(seq));
  }

  @Get(uri = "/proofs/inclusion", produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "RFC 9162 inclusion proof of entry seq in the tree of the given size")
  public InclusionView inclusion(@QueryValue long seq, @QueryValue long size) {
    var proof = ledger.inclusionProof(seq, size);
    return new InclusionView(
        proof.leafIndex(),
        proof.treeSize(),
        proof.hashes().stream().map(LedgerViews::b64).toList());
  }

  @Get(uri = "/proofs/consistency", produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "RFC 9162 consistency proof between two tree sizes")
  public ConsistencyView consistency(@QueryValue long from, @QueryValue long to) {
    var proof = ledger.consistencyProof(from, to);
    return new ConsistencyView(
        proof.fromSize(), proof.toSize(), proof.hashes().stream().map(LedgerViews::b64).toList());
  }

  @Get(uri = "/key", produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "The checkpoint verifier key (signed-note format) and PEM public key")
  public KeyView key() {
    return new KeyView(ledger.verifierKey(), ledger.publicKeyPem());
  }

  private static Instant instant(String name, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new LedgerInputException.Invalid(
          name + ": expected an RFC 3339 UTC time like 2026-11-22T10:00:00Z, got \"" + text + "\"");
    }
  }
}
