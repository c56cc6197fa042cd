package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.DepartmentCap;
import io.gpuarbiter.arbitration.model.DepartmentId;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.ReservationId;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads quotas, department caps and reservations — what each unit is entitled to. */
final class EntitlementReader {
  private EntitlementReader() {}

  static List<Quota> quotas(Section root, References refs) {
    List<Quota> quotas = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<PoolId, Gpue> guaranteedPerPool = new HashMap<>();
    for (Section s : root.sections("quotas")) {
      s.allowOnly(
          Set.of(
              "team", "pool", "guaranteed", "borrowingLimit", "lendingLimit", "gpuHours", "power"));
      Optional<TeamId> team = s.requiredParsed("team", TeamId::new);
      Optional<PoolId> pool = s.requiredParsed("pool", PoolId::new);
      Optional<Gpue> guaranteed = s.requiredParsed("guaranteed", Units::gpue);
      Optional<Gpue> borrowing = s.parsed("borrowingLimit", Units::gpue);
      Optional<Gpue> lending = s.parsed("lendingLimit", Units::gpue);
      team.ifPresent(t -> refs.team(s, "team", t.value()));
      pool.ifPresent(p -> refs.pool(s, "pool", p));
      if (team.isPresent() && pool.isPresent() && !seen.add(team.get() + "/" + pool.get())) {
        s.problem(null, "second quota for team " + team.get() + " in pool " + pool.get());
      }
      if (pool.isPresent() && guaranteed.isPresent()) {
        Gpue sum = guaranteedPerPool.merge(pool.get(), guaranteed.get(), Gpue::plus);
        Gpue capacity = refs.capacity(pool.get());
        if (sum.exceeds(capacity) && !capacity.isZero()) {
          s.problem(
              "guaranteed",
              "guarantees in pool "
                  + pool.get()
                  + " add up to "
                  + sum
                  + " GPUe, more than its "
                  + capacity
                  + " GPUs");
        }
      }
      Optional<Quota.GpuHourBudget> hours = s.section("gpuHours").flatMap(EntitlementReader::hours);
      Optional<Long> power = s.parsed("power", Units::watts);
      if (lending.isPresent()
          && guaranteed.isPresent()
          && lending.get().exceeds(guaranteed.get())) {
        s.problem(
            "lendingLimit",
            "lends " + lending.get() + " GPUe but guarantees only " + guaranteed.get());
      }
      if (s.clean()) {
        quotas.add(
            new Quota(
                team.orElseThrow(),
                pool.orElseThrow(),
                guaranteed.orElseThrow(),
                borrowing,
                lending,
                hours,
                power));
      }
    }
    return quotas;
  }

  private static Optional<Quota.GpuHourBudget> hours(Section s) {
    s.allowOnly(Set.of("budget", "period"));
    Optional<Double> budget = s.requiredParsed("budget", EntitlementReader::positive);
    Optional<Duration> period = s.requiredParsed("period", Units::duration);
    return s.clean()
        ? Optional.of(new Quota.GpuHourBudget(budget.orElseThrow(), period.orElseThrow()))
        : Optional.empty();
  }

  static List<DepartmentCap> departmentCaps(Section root, References refs) {
    List<DepartmentCap> caps = new ArrayList<>();
    for (Section s : root.sections("departmentCaps")) {
      s.allowOnly(Set.of("department", "pool", "max"));
      Optional<DepartmentId> dept = s.requiredParsed("department", DepartmentId::new);
      Optional<PoolId> pool = s.requiredParsed("pool", PoolId::new);
      Optional<Gpue> max = s.requiredParsed("max", Units::gpue);
      dept.ifPresent(d -> refs.department(s, "department", d.value()));
      pool.ifPresent(p -> refs.pool(s, "pool", p));
      if (s.clean()) {
        caps.add(new DepartmentCap(dept.orElseThrow(), pool.orElseThrow(), max.orElseThrow()));
      }
    }
    return caps;
  }

  static List<Reservation> reservations(Section root, References refs) {
    List<Reservation> result = new ArrayList<>();
    for (Section s : root.sections("reservations")) {
      s.allowOnly(
          Set.of("id", "sponsor", "initiative", "team", "pool", "size", "from", "until", "mode"));
      Optional<ReservationId> id = s.requiredParsed("id", ReservationId::new);
      Optional<UserId> sponsor = s.requiredParsed("sponsor", UserId::new);
      Optional<String> initiative = s.requiredString("initiative");
      Optional<TeamId> team = s.requiredParsed("team", TeamId::new);
      Optional<PoolId> pool = s.requiredParsed("pool", PoolId::new);
      Optional<Gpue> size = s.requiredParsed("size", Units::gpue);
      Optional<Instant> from = s.requiredParsed("from", EntitlementReader::instant);
      Optional<Instant> until = s.requiredParsed("until", EntitlementReader::instant);
      ReservationMode mode =
          s.parsed("mode", Labels.of(ReservationMode.values(), "reservation mode"))
              .orElse(ReservationMode.STRICT);
      sponsor.ifPresent(u -> refs.user(s, "sponsor", u.value()));
      team.ifPresent(t -> refs.team(s, "team", t.value()));
      pool.ifPresent(p -> refs.pool(s, "pool", p));
      Gpue capacity = pool.map(refs::capacity).orElse(Gpue.ZERO);
      if (size.isPresent() && !capacity.isZero() && size.get().exceeds(capacity)) {
        s.problem(
            "size",
            "reserves "
                + size.get()
                + " GPUe, more than pool "
                + pool.get()
                + " has ("
                + refs.capacity(pool.get())
                + ")");
      }
      if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
        s.problem(
            "until", "window ends (" + until.get() + ") before it starts (" + from.get() + ")");
      }
      if (s.clean()) {
        result.add(
            new Reservation(
                id.orElseThrow(),
                sponsor.orElseThrow(),
                initiative.orElseThrow(),
                team.orElseThrow(),
                pool.orElseThrow(),
                size.orElseThrow(),
                from.orElseThrow(),
                until.orElseThrow(),
                mode));
      }
    }
    return result;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "expected an RFC 3339 UTC time like 2026-12-01T00:00:00Z, got \"" + text + "\"");
    }
  }

  private static double positive(String text) {
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a positive number, got \"" + text + "\"");
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("expected a positive number, got \"" + text + "\"");
    }
    return v;
  }
}
