package io.gpuarbiter.utilization.rollup;

import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.snapshot.ReservationDraw;
import io.gpuarbiter.utilization.attribution.Attributed;
import io.gpuarbiter.utilization.attribution.Unattributed;
import io.gpuarbiter.utilization.attribution.WorkloadUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds attributed scrapes into fixed-width buckets (5 minutes by default). Each scrape stands for
 * the span since the previous one: a charge held across it adds {@code total × span} to its
 * allocation, and {@code total × activity × span} to its active use when its activity is known.
 * Allocation comes from the charges, not from telemetry, so a workload with no readings still shows
 * as allocated (and unobserved). Not thread-safe: one ingest loop owns it.
 */
public final class RollUp {
  private record Key(Instant start, Scope scope, String key) {}

  private final long widthSeconds;
  private final Map<Key, UsageBucket> open = new LinkedHashMap<>();

  public RollUp(Duration width) {
    if (width.isNegative() || width.isZero() || width.toSeconds() * 1000 != width.toMillis()) {
      throw new IllegalArgumentException("bucket width must be whole seconds > 0: " + width);
    }
    this.widthSeconds = width.toSeconds();
  }

  public Instant bucketOf(Instant at) {
    return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), widthSeconds) * widthSeconds);
  }

  /** Adds one scrape taken at {@code at}, standing for the {@code span} before it. */
  public void add(Instant at, Duration span, GovernanceSnapshot snapshot, Attributed attributed) {
    double seconds = span.toNanos() / 1e9;
    if (seconds <= 0) {
      return;
    }
    Instant start = bucketOf(at);
    Map<PoolId, double[]> poolActive = new HashMap<>();
    Map<String, double[]> reservationActive = new HashMap<>();
    for (Charge c : snapshot.charges()) {
      double held = c.total().asDouble() * seconds;
      Optional<WorkloadUse> use = attributed.use(c.workload().uid());
      Optional<Double> activity = use.flatMap(WorkloadUse::activity);
      double active = activity.map(a -> a * held).orElse(0.0);
      double unobserved = activity.isPresent() ? 0 : held;
      add(
          new Key(start, Scope.WORKLOAD, c.workload().uid()),
          c.team().value(),
          c.pool().value(),
          c.workloadClass().label(),
          new double[] {
            held,
            active,
            unobserved,
            0,
            use.map(WorkloadUse::memoryMiB).orElse(0.0),
            use.map(WorkloadUse::joules).orElse(0.0)
          });
      accumulate(poolActive.computeIfAbsent(c.pool(), p -> new double[2]), active, unobserved);
      for (ReservationDraw d : c.reservationDraws()) {
        double part = d.amount().asDouble() * seconds;
        accumulate(
            reservationActive.computeIfAbsent(d.reservation().value(), r -> new double[2]),
            activity.map(a -> a * part).orElse(0.0),
            activity.isPresent() ? 0 : part);
      }
    }
    addPools(start, seconds, snapshot, poolActive);
    addReservations(start, at, seconds, snapshot, reservationActive);
    addUnattributed(start, seconds, attributed);
  }

  private void addPools(
      Instant start, double seconds, GovernanceSnapshot s, Map<PoolId, double[]> active) {
    for (Pool p : s.model().pools()) {
      double[] a = active.getOrDefault(p.id(), new double[2]);
      double used = s.poolUsage(p.id()).used().asDouble() * seconds;
      double cap = p.capacity().asDouble() * seconds;
      add(new Key(start, Scope.POOL, p.id().value()), "", p.id().value(), "", sums(used, a, cap));
    }
  }

  private void addReservations(
      Instant start, Instant at, double seconds, GovernanceSnapshot s, Map<String, double[]> act) {
    for (Reservation r : s.model().reservations()) {
      if (!r.activeAt(at)) {
        continue;
      }
      double[] a = act.getOrDefault(r.id().value(), new double[2]);
      double taken = s.reservationUse(r.id()).taken().asDouble() * seconds;
      double size = r.size().asDouble() * seconds;
      add(
          new Key(start, Scope.RESERVATION, r.id().value()),
          r.team().value(),
          r.pool().value(),
          "",
          sums(taken, a, size));
    }
  }

  private void addUnattributed(Instant start, double seconds, Attributed attributed) {
    for (Unattributed u : attributed.unattributed()) {
      double held = u.share() * seconds;
      double active = u.activity().map(a -> a * held).orElse(0.0);
      add(
          new Key(start, Scope.UNATTRIBUTED, u.pod().namespace() + "/" + u.pod().pod()),
          "",
          "",
          "",
          new double[] {held, active, u.activity().isPresent() ? 0 : held, 0, u.memoryMiB(), 0});
    }
  }

  private static double[] sums(double allocated, double[] activeAndUnobserved, double capacity) {
    return new double[] {allocated, activeAndUnobserved[0], activeAndUnobserved[1], capacity, 0, 0};
  }

  private static void accumulate(double[] into, double active, double unobserved) {
    into[0] += active;
    into[1] += unobserved;
  }

  /** {allocated, active, unobserved, capacity, memory, joules} into the bucket of {@code k}. */
  private void add(Key k, String team, String pool, String workloadClass, double[] v) {
    UsageBucket b =
        open.computeIfAbsent(
            k,
            x ->
                UsageBucket.empty(k.start(), k.scope(), k.key(), team, pool)
                    .withWorkloadClass(workloadClass));
    open.put(k, b.plus(v[0], v[1], v[2], v[3], v[4], v[5]));
  }

  /** Removes and returns the buckets that ended at or before {@code now} (ready to store). */
  public List<UsageBucket> closeBefore(Instant now) {
    List<UsageBucket> closed = new ArrayList<>();
    open.entrySet()
        .removeIf(e -> {
          boolean done = !e.getKey().start().plusSeconds(widthSeconds).isAfter(now);
          if (done) {
            closed.add(e.getValue());
          }
          return done;
        });
    return closed;
  }

  /** The buckets still filling (the current one, usually). */
  public List<UsageBucket> open() {
    return List.copyOf(open.values());
  }
}
