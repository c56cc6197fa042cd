package io.gpuarbiter.telemetry.demo;

import java.util.Locale;

/**
 * A board's power range by model, so the demo's watts look like the model's: the draw at rest and
 * the board limit. Figures are round approximations of the public specifications, not measurements.
 *
 * @param idleWatts draw with the engine at rest
 * @param limitWatts the board power limit
 */
record BoardPower(double idleWatts, double limitWatts) {

  static BoardPower forModel(String modelName) {
    String m = modelName.toUpperCase(Locale.ROOT);
    if (m.contains("H100") || m.contains("H200")) {
      return new BoardPower(70, 700);
    }
    if (m.contains("A100")) {
      return new BoardPower(50, 400);
    }
    if (m.contains("L40S")) {
      return new BoardPower(35, 350);
    }
    if (m.contains("L4")) {
      return new BoardPower(16, 72);
    }
    if (m.contains("T4")) {
      return new BoardPower(10, 70);
    }
    return new BoardPower(30, 300);
  }

  /**
   * Linear in the activity, which is what lets the energy counter be integrated in closed form.
   *
   * @param share the part of the board the device is (a MIG instance's slices of seven; 1 whole)
   */
  double watts(double activity, double share) {
    return share * (idleWatts + (limitWatts - idleWatts) * activity);
  }
}
