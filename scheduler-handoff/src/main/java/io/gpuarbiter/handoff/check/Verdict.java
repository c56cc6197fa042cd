package io.gpuarbiter.handoff.check;

import java.util.List;
import java.util.Objects;

/** What the approval check says about one workload; {@link #state()} is Kueue's check state. */
public sealed interface Verdict {

  /** Kueue's {@code AdmissionCheckState.state}: Pending, Ready, Retry or Rejected. */
  String state();

  /** The check's message (Kueue shows it on the Workload). */
  String message();

  /** Approved: Kueue may admit, applying the placement hints to the named pod sets. */
  record Ready(String message, List<PodSetUpdate> podSetUpdates) implements Verdict {
    public Ready {
      Objects.requireNonNull(message, "message");
      podSetUpdates = List.copyOf(podSetUpdates);
    }

    public Ready() {
      this("approved", List.of());
    }

    @Override
    public String state() {
      return "Ready";
    }
  }

  /** Not decided yet: Kueue keeps the workload waiting. */
  record Pending(String message) implements Verdict {
    public Pending {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String state() {
      return "Pending";
    }
  }

  /** Not now (e.g. an approval was revoked): Kueue evicts or requeues the workload. */
  record Retry(String message) implements Verdict {
    public Retry {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String state() {
      return "Retry";
    }
  }

  /** Refused for good: Kueue deactivates the workload. */
  record Rejected(String reason) implements Verdict {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String state() {
      return "Rejected";
    }

    @Override
    public String message() {
      return reason;
    }
  }
}
