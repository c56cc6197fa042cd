package io.gpuarbiter.arbiter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.ReservationId;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.snapshot.ReservationDraw;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the charges held by running workloads from the ledger, oldest entry first: an admitted
 * decision charges, a later decision for the same workload replaces it, a release removes it. The
 * ledger is the record of truth, so a restart forgets nothing that was acknowledged.
 */
public final class ChargeReplay {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Charge> held = new LinkedHashMap<>();
  private final Map<String, Long> madeBy = new HashMap<>();
  private long skipped;

  /** Feeds one ledger entry body (entries of other kinds are ignored). */
  public void accept(String kind, byte[] body) {
    accept(kind, body, -1);
  }

  /**
   * Feeds one ledger entry body and the entry's queue id, remembered as the entry that made the
   * charge (see {@link #entryOf}).
   */
  public void accept(String kind, byte[] body, long entry) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      skipped++;
      return;
    }
    if (root == null || root.path("v").asInt() != DecisionEncoding.VERSION) {
      skipped++;
      return;
    }
    JsonNode charge = root.path("charge");
    switch (kind) {
      case "admission" -> {
        if (root.path("outcome").asText().equals("admitted") && charge.isObject()) {
          Charge c = charge(charge);
          held.put(c.workload().uid(), c);
          madeBy.put(c.workload().uid(), entry);
        }
      }
      case "release" -> held.remove(charge.path("key").asText());
      default -> {
        // approvals, quota changes … do not hold capacity by themselves
      }
    }
  }

  /** The queue id of the entry that charged this workload (-1: not given). */
  public long entryOf(String workloadKey) {
    return madeBy.getOrDefault(workloadKey, -1L);
  }

  /** Entries that could not be read as version-1 decisions. */
  public long skipped() {
    return skipped;
  }

  public List<Charge> charges() {
    return new ArrayList<>(held.values());
  }

  /** {@code base} with every held charge admitted again. */
  public GovernanceSnapshot applyTo(GovernanceSnapshot base) {
    return base.admitAll(held.values());
  }

  public static Charge charge(JsonNode n) {
    List<ReservationDraw> draws = new ArrayList<>();
    for (JsonNode d : n.path("reservationDraws")) {
      draws.add(
          new ReservationDraw(
              new ReservationId(d.path("reservation").asText()),
              Gpue.parse(d.path("amount").asText()),
              d.path("lent").asBoolean()));
    }
    return new Charge(
        new WorkloadRef(
            n.path("kind").asText(),
            n.path("namespace").asText(),
            n.path("name").asText(),
            n.path("key").asText()),
        new TeamId(n.path("team").asText()),
        new PoolId(n.path("pool").asText()),
        WorkloadClass.fromLabel(n.path("class").asText()).orElseThrow(),
        SharingMode.fromLabel(n.path("sharing").asText()).orElseThrow(),
        Gpue.parse(n.path("total").asText()),
        Gpue.parse(n.path("guaranteed").asText()),
        Gpue.parse(n.path("borrowed").asText()),
        Gpue.parse(n.path("approvedExcess").asText()),
        draws,
        n.path("preemptible").asBoolean(),
        n.path("gpuHours").asDouble(),
        Instant.parse(n.path("admittedAt").asText()));
  }
}
