package io.gpuarbiter.handoff.model;

import io.gpuarbiter.arbitration.model.Organization;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.TeamId;
import java.util.List;

/** Test helper: renames a team throughout an organisation and its quotas. */
final class Renames {
  private Renames() {}

  static Organization team(Organization org, String from, String to) {
    List<Team> teams =
        org.teams().stream()
            .map(t ->
                t.id().value().equals(from)
                    ? new Team(new TeamId(to), t.displayName(), t.department(), t.namespaces())
                    : t)
            .toList();
    return new Organization(org.name(), org.departments(), teams);
  }

  static List<Quota> quotas(List<Quota> quotas, String from, String to) {
    return quotas.stream()
        .map(q ->
            q.team().value().equals(from)
                ? new Quota(
                    new TeamId(to),
                    q.pool(),
                    q.guaranteed(),
                    q.borrowingLimit(),
                    q.lendingLimit(),
                    q.gpuHourBudget(),
                    q.powerBudgetWatts())
                : q)
        .toList();
  }
}
