package io.gpuarbiter.api.requests;

import io.gpuarbiter.arbitration.approval.GovernanceRequest;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps governance requests. Updates are optimistic: {@link #replace} succeeds only if the stored
 * version is the one the change was made from, so two approvers acting at once cannot both win.
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

  public void insert(GovernanceRequest r) {
    String sql = "INSERT INTO governance_request (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, r);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store request " + r.id(), e);
    }
  }

  /** Stores {@code next} if the stored version is still {@code next.version() - 1}. */
  public boolean replace(GovernanceRequest next) {
    String sql =
        "UPDATE governance_request SET state = ?, version = ?, body = ?"
            + " WHERE id = ? AND version = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, next.state().label());
      ps.setLong(2, next.version());
      ps.setString(3, body(next));
      ps.setString(4, next.id());
      ps.setLong(5, next.version() - 1);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update request " + next.id(), e);
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

  /** The request's JSON, also the canonical body of its ledger entries. */
  byte[] canonical(GovernanceRequest r) {
    return body(r).getBytes(StandardCharsets.UTF_8);
  }

  private String body(GovernanceRequest r) {
    try {
      return json.writeValueAsString(RequestView.of(r));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
