package io.gpuarbiter.api.model;

import io.gpuarbiter.model.LoadedModel;
import io.micronaut.context.annotation.Context;
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
 * first time it is loaded, so a restart on the same file keeps its original date.
 */
@Context
public class ModelRevisions {
  private final DataSource dataSource;

  ModelRevisions(DataSource dataSource, LoadedModel model, Clock clock) {
    this.dataSource = dataSource;
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
}
