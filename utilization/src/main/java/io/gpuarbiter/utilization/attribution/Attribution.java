package io.gpuarbiter.utilization.attribution;

import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.telemetry.dcgm.Activity;
import io.gpuarbiter.telemetry.dcgm.DcgmMetric;
import io.gpuarbiter.telemetry.dcgm.Device;
import io.gpuarbiter.telemetry.dcgm.DeviceReadings.Reading;
import io.gpuarbiter.telemetry.dcgm.PodRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ties one scrape's device readings to the charges the arbiter holds. A device n pods share (time
 * slicing without {@code --kubernetes-virtual-gpus}) reports the device's value for each of them:
 * each pod gets 1/n of the device, so the device is counted once whatever its pod count.
 */
public final class Attribution {
  private Attribution() {}

  /**
   * @param readings one per device ({@code DeviceReadings.of})
   * @param joules energy per device since its previous reading ({@link DeviceEnergy})
   * @param charges the charges held when the scrape was taken
   */
  public static Attributed of(
      List<Reading> readings, Map<Device, Double> joules, Collection<Charge> charges) {
    PodOwners owners = new PodOwners(charges);
    Map<String, Sum> sums = new HashMap<>();
    List<Unattributed> unattributed = new ArrayList<>();
    int idle = 0;
    for (Reading r : readings) {
      if (r.pods().isEmpty()) {
        idle++;
        continue;
      }
      double share = 1.0 / r.pods().size();
      Optional<Double> activity = Activity.of(r).map(Activity.Of::fraction);
      double memory = r.value(DcgmMetric.FB_USED).orElse(0.0) * share;
      for (PodRef pod : r.pods()) {
        Optional<Charge> owner = owners.owner(pod);
        if (owner.isEmpty()) {
          unattributed.add(new Unattributed(r.device(), pod, share, activity, memory));
          continue;
        }
        Sum s = sums.computeIfAbsent(owner.get().workload().uid(), k -> new Sum(owner.get()));
        s.add(share, activity, memory, r.value(DcgmMetric.POWER_USAGE).orElse(0.0) * share);
        s.joules += joules.getOrDefault(r.device(), 0.0) * share;
      }
    }
    Map<String, WorkloadUse> uses = new HashMap<>();
    sums.forEach((uid, s) -> uses.put(uid, s.use()));
    return new Attributed(uses, unattributed, idle);
  }

  private static final class Sum {
    final Charge charge;
    double shares;
    double activeShares;
    double activityWeight;
    double memory;
    double watts;
    double joules;

    Sum(Charge charge) {
      this.charge = charge;
    }

    void add(double share, Optional<Double> activity, double memoryMiB, double power) {
      shares += share;
      activity.ifPresent(a -> {
        activeShares += share * a;
        activityWeight += share;
      });
      memory += memoryMiB;
      watts += power;
    }

    WorkloadUse use() {
      Optional<Double> activity =
          activityWeight > 0 ? Optional.of(activeShares / activityWeight) : Optional.empty();
      return new WorkloadUse(charge, activity, shares, memory, watts, joules);
    }
  }
}
