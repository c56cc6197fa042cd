package io.gpuarbiter.arbitration.model;

import java.util.List;

/** A team: owns namespaces and quotas, belongs to one department. */
public record Team(
    TeamId id, String displayName, DepartmentId department, List<String> namespaces) {
  public Team {
    namespaces = List.copyOf(namespaces);
  }
}
