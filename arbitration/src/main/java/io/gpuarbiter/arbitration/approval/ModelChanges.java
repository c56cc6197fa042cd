package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.ReservationId;
import io.gpuarbiter.arbitration.model.ReservationMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What applied requests change in the governance model: a quota change sets the team's guarantee in
 * the pool to the granted amount; a reservation adds a strict reservation of the granted size for
 * its period. The base model (the YAML file) is never edited: the service applies the applied
 * requests on top of it, in order.
 */
public final class ModelChanges {
  private ModelChanges() {}

  /** The model with every applied request in force at {@code now} laid over it, in order. */
  public static GovernanceModel overlay(
      GovernanceModel base, List<GovernanceRequest> applied, Instant now) {
    GovernanceModel m = base;
    for (GovernanceRequest r : applied) {
      boolean inForce =
          r.state() == RequestState.APPLIED && r.draft().until().map(now::isBefore).orElse(true);
      if (inForce) {
        m = apply(m, r);
      }
    }
    return m;
  }

  static GovernanceModel apply(GovernanceModel m, GovernanceRequest r) {
    Gpue granted = r.granted().orElse(r.draft().desired());
    return switch (r.draft().kind()) {
      case QUOTA_CHANGE -> withQuota(m, r, granted);
      case RESERVATION -> withReservation(m, r, granted);
      case POLICY_EXCEPTION, WORKLOAD_ADMISSION -> m; // no standing change to the model
    };
  }

  private static GovernanceModel withQuota(GovernanceModel m, GovernanceRequest r, Gpue granted) {
    List<Quota> quotas = new ArrayList<>();
    boolean found = false;
    for (Quota q : m.quotas()) {
      if (q.team().equals(r.draft().team()) && q.pool().equals(r.draft().pool())) {
        quotas.add(
            new Quota(
                q.team(),
                q.pool(),
                granted,
                q.borrowingLimit(),
                q.lendingLimit(),
                q.gpuHourBudget(),
                q.powerBudgetWatts()));
        found = true;
      } else {
        quotas.add(q);
      }
    }
    if (!found) {
      quotas.add(
          new Quota(
              r.draft().team(),
              r.draft().pool(),
              granted,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
    return new GovernanceModel(
        m.organization(),
        m.pools(),
        m.classes(),
        m.coexistence(),
        quotas,
        m.departmentCaps(),
        m.reservations(),
        m.authority(),
        m.classification(),
        m.directory(),
        m.settings());
  }

  private static GovernanceModel withReservation(
      GovernanceModel m, GovernanceRequest r, Gpue granted) {
    List<Reservation> reservations = new ArrayList<>(m.reservations());
    reservations.add(
        new Reservation(
            new ReservationId("req-" + r.id()),
            r.draft().requester(),
            r.draft().subject(),
            r.draft().team(),
            r.draft().pool(),
            granted,
            r.draft().from().orElse(r.createdAt()),
            r.draft().until().orElseThrow(),
            ReservationMode.STRICT));
    return new GovernanceModel(
        m.organization(),
        m.pools(),
        m.classes(),
        m.coexistence(),
        m.quotas(),
        m.departmentCaps(),
        reservations,
        m.authority(),
        m.classification(),
        m.directory(),
        m.settings());
  }
}
