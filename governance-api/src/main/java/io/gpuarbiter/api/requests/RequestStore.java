package io.gpuarbiter.api.requests;

import io.gpuarbiter.arbitration.approval.GovernanceRequest;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Keeps governance requests, written only through {@link RequestJournal} (ledger first, then here).
 * Updates are optimistic: {@link #replace} succeeds only if the stored version is the one the
 * change was made from, so two approvers acting at once cannot both win.
 */
@Singleton
public class RequestStore {
  private static final String COLUMNS =
      "id, kind, team, pool, state, requester, subject, version, created_at, body";

  private final DataSource dataSource;
  private final JsonMapper json;

  RequestStore(DataSource dataSource, JsonMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  boolean insert(GovernanceRequest r) {
    String sql = "INSERT INTO governance_request (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, r);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store request " + r.id(), e);
    }
  }

  /** Stores {@code next} if the stored version is still {@code next.version() - 1}. */
  boolean replace(GovernanceRequest next) {
    return replace(next, next.version() - 1);
  }

  private boolean replace(GovernanceRequest next, long storedVersion) {
    String sql =
        "UPDATE governance_request SET state = ?, version = ?, body = ?"
            + " WHERE id = ? AND version = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, next.state().label());
      ps.setLong(2, next.version());
      ps.setString(3, body(next));
      ps.setString(4, next.id());
      ps.setLong(5, storedVersion);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update request " + next.id(), e);
    }
  }

  /** The stored version of a request; empty if there is no row. */
  OptionalLong version(String id) {
    String sql = "SELECT version FROM governance_request WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read request " + id, e);
    }
  }

  /** Stores {@code r} as the ledger recorded it if the row is missing or older; true if written. */
  boolean rollForward(GovernanceRequest r) {
    OptionalLong stored = version(r.id());
    if (stored.isEmpty()) {
      return insert(r);
    }
    return stored.getAsLong() < r.version() && replace(r, stored.getAsLong());
  }

  /** The ledger seq up to which (exclusive) {@link RequestJournal#rollForward} has checked. */
  long ledgerMark() {
    String sql = "SELECT next_seq FROM governance_request_ledger_mark WHERE id = 1";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the ledger mark", e);
    }
  }

  void ledgerMark(long nextSeq) {
    String sql = "UPDATE governance_request_ledger_mark SET next_seq = ? WHERE id = 1";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, nextSeq);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot move the ledger mark", e);
    }
  }

  public Optional<GovernanceRequest> get(String id) {
    List<GovernanceRequest> found = query("WHERE id = ?", List.of(id));
    return found.stream().findFirst();
  }

  /** Requests of a team and/or in a state (null = any), newest first, at most {@code limit}. */
  public List<GovernanceRequest> list(String team, String state, int limit) {
    StringBuilder where = new StringBuilder("WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (team != null) {
      where.append(" AND team = ?");
      args.add(team);
    }
    if (state != null) {
      where.append(" AND state = ?");
      args.add(state);
    }
    where.append(" ORDER BY created_at DESC, id LIMIT ").append(limit);
    return query(where.toString(), args);
  }

  /** Requests of a kind about one subject (e.g. the tickets of one workload), oldest first. */
  public List<GovernanceRequest> about(String kind, String subject) {
    return query("WHERE kind = ? AND subject = ? ORDER BY created_at, id", List.of(kind, subject));
  }

  /** Requests in any of these states, oldest first. */
  public List<GovernanceRequest> inStates(List<String> states) {
    String marks = String.join(",", states.stream().map(s -> "?").toList());
    return query("WHERE state IN (" + marks + ") ORDER BY created_at, id", states);
  }

  private List<GovernanceRequest> query(String where, List<String> args) {
    String sql = "SELECT body FROM governance_request " + where;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      List<GovernanceRequest> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(json.readValue(rs.getString(1), RequestView.class).toRequest());
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read requests", e);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored request is unreadable", e);
    }
  }

  private void bind(PreparedStatement ps, GovernanceRequest r) throws SQLException {
    ps.setString(1, r.id());
    ps.setString(2, r.draft().kind().label());
    ps.setString(3, r.draft().team().value());
    ps.setString(4, r.draft().pool().value());
    ps.setString(5, r.state().label());
    ps.setString(6, r.draft().requester().value());
    ps.setString(7, r.draft().subject());
    ps.setLong(8, r.version());
    ps.setTimestamp(9, Timestamp.from(r.createdAt()));
    ps.setString(10, body(r));
  }

  /** The stored JSON (the API view's shape; the ledger's bytes are {@link RequestEncoding}'s). */
  private String body(GovernanceRequest r) {
    try {
      return json.writeValueAsString(RequestView.of(r));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
