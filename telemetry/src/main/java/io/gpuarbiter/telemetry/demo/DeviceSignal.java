package io.gpuarbiter.telemetry.demo;

import io.gpuarbiter.telemetry.demo.SimulatedDevice.Behaviour;
import java.util.SplittableRandom;

/**
 * The simulated values of one device, a pure function of (seed, device identity, time): each
 * 30-second bucket's values come from a {@link SplittableRandom} seeded from a hash of the three,
 * never the clock. Time-sliced copies of a device build equal signals, so they report equal values.
 *
 * <p>Activity is drawn per pair of buckets as a centre ± a random deviation, + in one bucket and −
 * in the other. Power is linear in activity, so a pair's energy is the centre's power × 60 s: the
 * energy counter, the integral of the reported power since {@link DemoExporter#COUNTER_EPOCH}, is
 * then closed form (complete pairs, plus the partial pair summed bucket by bucket), exact for any
 * instant, and never decreases.
 */
final class DeviceSignal {
  static final long BUCKET_MS = 30_000;
  private static final long PAIR_MS = 2 * BUCKET_MS;

  /** A BURSTY phase: ten pairs of buckets, ten minutes. */
  private static final int PHASE_PAIRS = 10;

  /** Memory use changes every ten minutes, not every scrape, as a workload's allocations do. */
  private static final int MEMORY_BUCKETS = 20;

  private static final long SMALL_FOOTPRINT_MAX_MIB = 8 * 1024;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long SALT_ACTIVITY = 1;
  private static final long SALT_MEMORY = 2;
  private static final long SALT_PHASE = 3;

  private static final Level BUSY = new Level(0.775, 0.175);
  private static final Level IDLE = new Level(0.01, 0.01);
  private static final Level SMALL = new Level(0.175, 0.075);
  private static final Level BURSTY_BUSY = new Level(0.75, 0.15);
  private static final Level BURSTY_QUIET = new Level(0.025, 0.025);

  /** Activity drawn from {@code centre - spread} to {@code centre + spread}. */
  private record Level(double centre, double spread) {}

  /**
   * The device's values in one bucket.
   *
   * @param energyMj the counter at the instant itself (it grows within a bucket)
   */
  record Snapshot(
      double activity,
      long gpuUtil,
      long fbUsedMib,
      long fbFreeMib,
      double watts,
      double energyMj) {}

  private final long deviceSeed;
  private final Behaviour behaviour;
  private final boolean held;
  private final boolean mig;
  private final double share;
  private final long framebufferMib;
  private final BoardPower board;
  private final int phaseOffset;

  DeviceSignal(long seed, SimulatedDevice d) {
    this.deviceSeed = seed * GOLDEN + d.deviceKey().hashCode();
    this.behaviour = d.behaviour();
    this.held = d.holder().isPresent();
    this.mig = d.mig().isPresent();
    this.share = d.mig().map(m -> m.slices() / 7.0).orElse(1.0);
    this.framebufferMib = d.framebufferMib();
    this.board = BoardPower.forModel(d.modelName());
    this.phaseOffset = random(SALT_PHASE, 0).nextInt(2 * PHASE_PAIRS);
  }

  /**
   * @param sinceEpochMs the instant, in ms since {@link DemoExporter#COUNTER_EPOCH}
   */
  Snapshot at(long sinceEpochMs) {
    long bucket = Math.floorDiv(sinceEpochMs, BUCKET_MS);
    double activity = activity(bucket);
    long used = fbUsedMib(bucket);
    long util = mig ? 0 : Math.round(activity * 100);
    return new Snapshot(
        activity,
        util,
        used,
        framebufferMib - used,
        board.watts(activity, share),
        energyMj(sinceEpochMs));
  }

  double activity(long bucket) {
    long pair = Math.floorDiv(bucket, 2);
    SplittableRandom r = random(SALT_ACTIVITY, pair);
    Level level = level(pair);
    double delta = level.spread() * r.nextDouble();
    boolean firstUp = r.nextBoolean();
    boolean up = (Math.floorMod(bucket, 2) == 0) == firstUp;
    double a = level.centre() + (up ? delta : -delta);
    return Math.min(1, Math.max(0, a));
  }

  long fbUsedMib(long bucket) {
    double u = random(SALT_MEMORY, Math.floorDiv(bucket, MEMORY_BUCKETS)).nextDouble();
    long used =
        switch (behaviour) {
          case BUSY -> Math.round(framebufferMib * (0.70 + 0.20 * u));
          case BURSTY -> Math.round(framebufferMib * (0.45 + 0.35 * u));
          case IDLE -> held ? Math.round(framebufferMib * (0.15 + 0.20 * u)) : 0;
          case SMALL_FOOTPRINT ->
              (long) (Math.min(framebufferMib, SMALL_FOOTPRINT_MAX_MIB) * (0.50 + 0.45 * u));
        };
    return Math.min(framebufferMib, Math.max(0, used));
  }

  /** The integral of the reported power from the epoch to the instant, in mJ (W × ms); 0 before. */
  double energyMj(long sinceEpochMs) {
    if (sinceEpochMs <= 0) {
      return 0;
    }
    long pairs = sinceEpochMs / PAIR_MS;
    long rest = sinceEpochMs % PAIR_MS;
    long first = 2 * pairs;
    double e = completePairsMj(pairs);
    e += board.watts(activity(first), share) * Math.min(rest, BUCKET_MS);
    if (rest > BUCKET_MS) {
      e += board.watts(activity(first + 1), share) * (rest - BUCKET_MS);
    }
    return e;
  }

  /** Energy of the first {@code n} pairs: each is its level's centre power for 60 s. */
  private double completePairsMj(long n) {
    if (behaviour != Behaviour.BURSTY) {
      return PAIR_MS * n * board.watts(level(0).centre(), share);
    }
    long busy = busyUpTo(n + phaseOffset) - busyUpTo(phaseOffset);
    return PAIR_MS
        * (busy * board.watts(BURSTY_BUSY.centre(), share)
            + (n - busy) * board.watts(BURSTY_QUIET.centre(), share));
  }

  /** How many of the shifted pair indices {@code 0 … m-1} fall in a busy phase. */
  private static long busyUpTo(long m) {
    long cycle = 2L * PHASE_PAIRS;
    return (m / cycle) * PHASE_PAIRS + Math.min(m % cycle, PHASE_PAIRS);
  }

  private Level level(long pair) {
    return switch (behaviour) {
      case BUSY -> BUSY;
      case IDLE -> IDLE;
      case SMALL_FOOTPRINT -> SMALL;
      case BURSTY ->
          Math.floorMod(Math.floorDiv(pair + phaseOffset, PHASE_PAIRS), 2) == 0
              ? BURSTY_BUSY
              : BURSTY_QUIET;
    };
  }

  private SplittableRandom random(long salt, long index) {
    return new SplittableRandom((deviceSeed * GOLDEN + salt) * GOLDEN + index);
  }
}
