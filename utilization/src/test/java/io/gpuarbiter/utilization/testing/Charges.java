package io.gpuarbiter.utilization.testing;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.ReservationId;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.ReservationDraw;
import java.time.Instant;
import java.util.List;

/** Charges for the utilization tests: a builder with the defaults the tests do not care about. */
public final class Charges {
  private String namespace = "nlp";
  private String name = "train";
  private String team = "nlp";
  private String pool = "h100";
  private WorkloadClass workloadClass = WorkloadClass.TRAINING;
  private Gpue total = Gpue.ofWhole(1);
  private List<ReservationDraw> draws = List.of();

  public static Charges aCharge(String namespace, String name) {
    Charges c = new Charges();
    c.namespace = namespace;
    c.name = name;
    c.team = namespace;
    return c;
  }

  public Charges team(String value) {
    team = value;
    return this;
  }

  public Charges pool(String value) {
    pool = value;
    return this;
  }

  public Charges inference() {
    workloadClass = WorkloadClass.INFERENCE;
    return this;
  }

  public Charges gpus(String gpue) {
    total = Gpue.parse(gpue);
    return this;
  }

  /** The whole charge drawn from the sponsored team's reservation. */
  public Charges onReservation(String reservation) {
    draws = List.of(new ReservationDraw(new ReservationId(reservation), total, false));
    return this;
  }

  public Charge build() {
    boolean reserved = !draws.isEmpty();
    return new Charge(
        new WorkloadRef("Job", namespace, name, "uid-" + namespace + "-" + name),
        new TeamId(team),
        new PoolId(pool),
        workloadClass,
        SharingMode.WHOLE,
        total,
        reserved ? Gpue.ZERO : total,
        Gpue.ZERO,
        Gpue.ZERO,
        draws,
        false,
        0,
        Instant.parse("2025-06-02T09:00:00Z"));
  }
}
