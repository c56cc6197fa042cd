package io.gpuarbiter.api.ledger;

import io.gpuarbiter.admission.LiveArbiter;
import io.gpuarbiter.api.Inputs;
import io.gpuarbiter.api.ledger.LedgerViews.ConsistencyView;
import io.gpuarbiter.api.ledger.LedgerViews.EntriesView;
import io.gpuarbiter.api.ledger.LedgerViews.EntryView;
import io.gpuarbiter.api.ledger.LedgerViews.InclusionView;
import io.gpuarbiter.api.ledger.LedgerViews.KeyView;
import io.gpuarbiter.api.security.Caller;
import io.gpuarbiter.api.security.Roles;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.LedgerInputException;
import io.gpuarbiter.ledger.StoredEntry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;

/**
 * The verifiable ledger for auditors: checkpoints (C2SP signed notes), entries with their canonical
 * bytes and leaf hashes, and RFC 9162 inclusion and consistency proofs.
 */
@Secured({Roles.VIEWER, Roles.REQUESTER, Roles.APPROVER, Roles.ADMIN, Roles.AUDITOR})
@Controller("/api/v1/ledger")
@Tag(name = "ledger")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LedgerController {
  private static final java.util.regex.Pattern DECISION_ID =
      java.util.regex.Pattern.compile(
          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Longest team, namespace or decision filter (a DNS label or name is shorter still). */
  private static final int MAX_FILTER = 253;

  private final Ledger ledger;
  private final LiveArbiter arbiter;

  LedgerController(Ledger ledger, LiveArbiter arbiter) {
    this.ledger = ledger;
    this.arbiter = arbiter;
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
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String team,
      @Nullable @QueryValue String namespace,
      @Nullable @QueryValue String decision,
      @Nullable @QueryValue String since,
      @Nullable @QueryValue String until,
      Authentication auth) {
    LedgerScope scope = scope(auth);
    if (team != null && !scope.reads(team)) {
      throw new HttpStatusException(
          HttpStatus.FORBIDDEN, "ledger: you may not read the entries of team " + team);
    }
    EntryQuery query;
    try {
      query =
          new EntryQuery(
              Inputs.whole("from", from, 0, Long.MAX_VALUE, 0),
              (int) Inputs.whole("limit", limit, 1, EntryQuery.MAX_LIMIT, 100),
              filter("team", team),
              filter("namespace", namespace),
              filter("decision", decision),
              instant("since", since),
              instant("until", until));
    } catch (IllegalArgumentException e) {
      throw new LedgerInputException.Invalid(e.getMessage());
    }
    return EntriesView.of(scope.filter(ledger.entries(query)));
  }

  @Get(uri = "/entries/{seq}", produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "One entry with its leaf hash and canonical bytes (base64)")
  public EntryView entry(@PathVariable long seq, Authentication auth) {
    StoredEntry entry = ledger.entry(seq);
    if (!scope(auth).reads(entry.draft().team())) {
      throw new HttpStatusException(
          HttpStatus.FORBIDDEN, "ledger: entry " + seq + " is outside the teams you may read");
    }
    return EntryView.of(entry);
  }

  /**
   * The entry of one admission decision or release, by the id its webhook answer carries (audit
   * annotation {@code gpu-arbiter.io/decision-id}). Entries are numbered by the sequencer shortly
   * after the answer: until then this is a 404 that says so.
   */
  @Get(uri = "/decisions/{decisionId}", produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "The entry of a decision, by its decision id (audit annotation)")
  public EntryView decision(@PathVariable String decisionId, Authentication auth) {
    if (!DECISION_ID.matcher(decisionId).matches()) {
      throw new LedgerInputException.Invalid(
          "decisionId: expected a lower-case UUID, the audit annotation gpu-arbiter.io/decision-id");
    }
    LedgerScope scope = scope(auth);
    for (StoredEntry e : ledger.entries(EntryQuery.about(decisionId, 0, 10)).entries()) {
      if (!scope.reads(e.draft().team())) {
        throw new HttpStatusException(
            HttpStatus.FORBIDDEN,
            "ledger: decision " + decisionId + " is outside the teams you may read");
      }
      return EntryView.of(e);
    }
    throw new HttpStatusException(
        HttpStatus.NOT_FOUND,
        "ledger: no entry for decision "
            + decisionId
            + " (yet: entries are numbered within seconds of the answer)");
  }

  /** What this caller may read (see {@link LedgerScope}), under the model in force. */
  private LedgerScope scope(Authentication auth) {
    return LedgerScope.of(Caller.of(auth), arbiter.snapshot().model());
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
    return text == null || text.isBlank() ? null : Inputs.instant(name, text);
  }

  private static String filter(String name, String text) {
    return text == null ? null : Inputs.text(name, text, MAX_FILTER);
  }
}
