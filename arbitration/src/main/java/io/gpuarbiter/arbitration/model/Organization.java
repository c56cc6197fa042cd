package io.gpuarbiter.arbitration.model;

import java.util.List;
import java.util.Optional;

/** The tenant tree: organization → departments → teams. */
public record Organization(String name, List<Department> departments, List<Team> teams) {
  public Organization {
    departments = List.copyOf(departments);
    teams = List.copyOf(teams);
  }

  public Optional<Team> team(TeamId id) {
    return teams.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The team owning a namespace, if any. */
  public Optional<Team> teamOwning(String namespace) {
    return teams.stream().filter(t -> t.namespaces().contains(namespace)).findFirst();
  }

  public List<Team> teamsOf(DepartmentId department) {
    return teams.stream().filter(t -> t.department().equals(department)).toList();
  }
}
