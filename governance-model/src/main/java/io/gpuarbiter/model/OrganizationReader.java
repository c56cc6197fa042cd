package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.Department;
import io.gpuarbiter.arbitration.model.DepartmentId;
import io.gpuarbiter.arbitration.model.Organization;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.TeamId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code organization:} — departments with their teams and the teams' namespaces. */
final class OrganizationReader {
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private OrganizationReader() {}

  static Optional<Organization> read(Section root) {
    return root.requiredSection("organization").flatMap(OrganizationReader::organization);
  }

  private static Optional<Organization> organization(Section org) {
    org.allowOnly(Set.of("name", "departments"));
    Optional<String> name = org.requiredString("name");
    List<Department> departments = new ArrayList<>();
    List<Team> teams = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<String, String> namespaceOwner = new HashMap<>();
    List<Section> deptSections = org.sections("departments");
    if (deptSections.isEmpty()) {
      org.problem(null, "an organization needs at least one department");
    }
    for (Section dept : deptSections) {
      dept.allowOnly(Set.of("id", "name", "teams"));
      Optional<DepartmentId> id = dept.requiredParsed("id", DepartmentId::new);
      String display = dept.string("name").orElse(id.map(DepartmentId::value).orElse(""));
      id.filter(d -> unique(dept, seen, "department", d.value()))
          .ifPresent(d -> departments.add(new Department(d, display)));
      for (Section team : dept.sections("teams")) {
        id.flatMap(d -> team(team, d))
            .filter(t -> unique(team, seen, "team", t.id().value()))
            .filter(t -> ownsOnlyFreeNamespaces(team, t, namespaceOwner))
            .ifPresent(teams::add);
      }
    }
    // The sound part is returned even when something is wrong, so that references to the
    // teams that did parse are not reported again as unknown; the problems stop the load.
    return name.map(n -> new Organization(n, departments, teams));
  }

  private static Optional<Team> team(Section team, DepartmentId department) {
    team.allowOnly(Set.of("id", "name", "namespaces"));
    Optional<TeamId> id = team.requiredParsed("id", TeamId::new);
    String display = team.string("name").orElse(id.map(TeamId::value).orElse(""));
    List<String> namespaces = team.parsedList("namespaces", OrganizationReader::namespace);
    if (!team.has("namespaces")) {
      team.problem(null, "missing required field \"namespaces\" (a team owns at least one)");
    }
    return team.clean()
        ? Optional.of(new Team(id.orElseThrow(), display, department, namespaces))
        : Optional.empty();
  }

  /** Departments and teams share one name space, as Kueue cohorts and queues do. */
  private static boolean unique(Section s, Set<String> seen, String what, String id) {
    if (!seen.add(id)) {
      s.problem(
          "id", "duplicate " + what + " id \"" + id + "\" (department and team ids are unique)");
      return false;
    }
    return true;
  }

  private static boolean ownsOnlyFreeNamespaces(
      Section s, Team team, Map<String, String> namespaceOwner) {
    boolean ok = true;
    for (String ns : team.namespaces()) {
      String owner = namespaceOwner.putIfAbsent(ns, team.id().value());
      if (owner != null) {
        s.problem("namespaces", "namespace \"" + ns + "\" already belongs to team " + owner);
        ok = false;
      }
    }
    return ok;
  }

  private static String namespace(String text) {
    if (!NAMESPACE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a valid Kubernetes namespace name: \"" + text + "\"");
    }
    return text;
  }
}
