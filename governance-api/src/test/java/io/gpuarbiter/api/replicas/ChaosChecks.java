package io.gpuarbiter.api.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.api.replicas.ChaosTraffic.Sent;
import io.gpuarbiter.arbiter.ChargeReplay;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Invariants;
import io.gpuarbiter.ledger.encoding.EntryCodec;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.gpuarbiter.model.ModelLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;

/**
 * The chaos suite's verdict, read straight from the database the replicas shared: the ledger in
 * sequence order, replayed step by step against the model, and the charges table.
 */
final class ChaosChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String url;

  ChaosChecks(String url) {
    this.url = url;
  }

  /**
   * @param overCommits broken promises found at some point of the replay, with the entry's seq
   * @param lost decision ids answered "allowed" with no admitted entry
   * @param orphanRows held charge rows whose ledger entry does not exist
   */
  record Report(
      List<String> overCommits, List<String> lost, long orphanRows, boolean tableMatchesReplay) {}

  Report check(ChaosTraffic traffic) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      Awaitility.await("the sequencer numbered every entry")
          .atMost(Duration.ofSeconds(60))
          .until(() -> count(c, "SELECT count(*) FROM ledger_entry WHERE seq IS NULL") == 0);
      GovernanceSnapshot base =
          GovernanceSnapshot.of(
              ModelLoader.load(java.nio.file.Path.of("..", "deploy", "demo", "model.yaml")).model(),
              "chaos");
      List<String> overCommits = new ArrayList<>();
      Set<String> admitted = new HashSet<>();
      ChargeReplay replay = new ChargeReplay();
      GovernanceSnapshot s = base;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT seq, canonical FROM ledger_entry ORDER BY seq")) {
        while (rs.next()) {
          EntryDraft d = EntryCodec.decode(rs.getBytes(2));
          replay.accept(d.kind(), d.body());
          GovernanceSnapshot next = step(s, d);
          if (next != s) {
            for (String v : Invariants.violations(next, d.recordedAt())) {
              if (!approvedOverQuota(v)) {
                overCommits.add("seq " + rs.getLong(1) + ": " + v);
              }
            }
            s = next;
          }
          if ("admitted".equals(d.outcome()) && d.subject() != null) {
            admitted.add(d.subject());
          }
        }
      }
      overCommits.addAll(unapprovedExcess(s, traffic.approved));
      List<String> lost = new ArrayList<>();
      for (Sent sent : traffic.sent) {
        if (sent.allowed()
            && !sent.decisionId().isEmpty()
            && !admitted.contains(sent.decisionId())) {
          lost.add(sent.uid() + " " + sent.decisionId());
        }
      }
      long orphans =
          count(
              c,
              "SELECT count(*) FROM arbiter_charge c LEFT JOIN ledger_entry e"
                  + " ON e.queue_id = c.ledger_entry WHERE c.held AND e.queue_id IS NULL");
      return new Report(overCommits, lost, orphans, sameCharges(c, replay.charges()));
    }
  }

  /** The snapshot after one entry: an admission charges, a release frees; others change nothing. */
  private static GovernanceSnapshot step(GovernanceSnapshot s, EntryDraft d) throws Exception {
    JsonNode body = JSON.readTree(d.body());
    JsonNode charge = body.path("charge");
    if (d.kind().equals("admission") && "admitted".equals(d.outcome()) && charge.isObject()) {
      Charge c = ChargeReplay.charge(charge);
      return s.release(c.workload().uid(), d.recordedAt()).admit(c);
    }
    if (d.kind().equals("release")) {
      return s.release(charge.path("key").asText(), d.recordedAt());
    }
    return s;
  }

  /** Over quota by an approved excess is what an approval grants: checked per charge instead. */
  private static boolean approvedOverQuota(String violation) {
    return violation.contains("over quota without approval");
  }

  private static List<String> unapprovedExcess(GovernanceSnapshot s, Set<String> approved) {
    List<String> out = new ArrayList<>();
    for (Charge c : s.charges()) {
      if (!c.approvedExcess().isZero() && !approved.contains(c.workload().uid())) {
        out.add("charge over quota with no approval given: " + c.workload());
      }
    }
    return out;
  }

  private static boolean sameCharges(Connection c, List<Charge> replayed) throws Exception {
    List<Charge> rows = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT body FROM arbiter_charge WHERE held")) {
      while (rs.next()) {
        rows.add(ChargeReplay.charge(JSON.readTree(rs.getBytes(1))));
      }
    }
    Set<Charge> onlyTable = new HashSet<>(rows);
    replayed.forEach(onlyTable::remove);
    Set<Charge> onlyLedger = new HashSet<>(replayed);
    rows.forEach(onlyLedger::remove);
    if (!onlyTable.isEmpty() || !onlyLedger.isEmpty()) {
      System.out.println("charges only in the table: " + onlyTable);
      System.out.println("charges only in the replay of the ledger: " + onlyLedger);
      for (Charge diff : onlyTable) {
        history(c, diff.workload().uid());
      }
    }
    return rows.size() == replayed.size() && onlyTable.isEmpty() && onlyLedger.isEmpty();
  }

  /** Prints what the ledger and the table say about one workload (for a failing run). */
  private static void history(Connection c, String key) throws Exception {
    try (var st =
        c.prepareStatement(
            "SELECT version, held, ledger_entry FROM arbiter_charge WHERE workload_key = ?")) {
      st.setString(1, key);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          System.out.printf(
              "  row %s: version %d held %s entry %d%n",
              key, rs.getLong(1), rs.getBoolean(2), rs.getLong(3));
        }
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT seq, queue_id, canonical FROM ledger_entry ORDER BY seq")) {
      while (rs.next()) {
        EntryDraft d = EntryCodec.decode(rs.getBytes(3));
        JsonNode body = JSON.readTree(d.body());
        JsonNode charge = body.path("charge");
        if (key.equals(charge.path("key").asText())) {
          System.out.printf(
              "  entry seq %d queue %d: %s %s %s total %s at %s%n",
              rs.getLong(1),
              rs.getLong(2),
              d.kind(),
              d.outcome(),
              body.path("reviewUid").asText(),
              charge.path("total").asText(),
              charge.path("admittedAt").asText());
        }
      }
    }
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
