package io.gpuarbiter.api.model;

import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.gpuarbiter.model.LoadedModel;
import io.micronaut.context.annotation.Context;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Remembers which model files the service has run under and since when: a model is recorded the
 * first time it is loaded (a restart on the same file keeps its original date), and each new model
 * is a {@code model-change} entry in the ledger.
 */
@Context
public class ModelRevisions {
  private final DataSource dataSource;
  private final Ledger ledger;

  ModelRevisions(DataSource dataSource, Ledger ledger, LoadedModel model, Clock clock) {
    this.dataSource = dataSource;
    this.ledger = ledger;
    record(model, clock.instant());
  }

  /** When this digest was first loaded; empty if never. */
  public Optional<Instant> loadedAt(String digest) {
    String sql = "SELECT loaded_at FROM model_revision WHERE digest = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, digest);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read model revisions", e);
    }
  }

  private void record(LoadedModel model, Instant now) {
    if (loadedAt(model.digest()).isPresent()) {
      return;
    }
    // Ledger first: if the row insert then fails, the next start records the model again.
    ledger.append(new EntryDraft("model-change", now, null, null, "loaded", canonical(model, now)));
    String sql = "INSERT INTO model_revision (digest, source, loaded_at) VALUES (?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, model.digest());
      ps.setString(2, model.source());
      ps.setTimestamp(3, Timestamp.from(now));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record the model revision", e);
    }
  }

  /** Fixed field order, escaped by hand: the bytes must not depend on a serialiser's choices. */
  static byte[] canonical(LoadedModel model, Instant at) {
    String json =
        "{\"v\":1,\"type\":\"model-change\",\"digest\":\""
            + model.digest()
            + "\",\"source\":\""
            + escape(model.source())
            + "\",\"apiVersion\":\""
            + LoadedModel.API_VERSION
            + "\",\"at\":\""
            + at
            + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
