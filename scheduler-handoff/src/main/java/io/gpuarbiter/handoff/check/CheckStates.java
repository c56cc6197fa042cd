package io.gpuarbiter.handoff.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pure: writes a {@link Verdict} into one entry of a Workload's {@code status.admissionChecks} (a
 * mutable map as read through fabric8), Kueue's {@code AdmissionCheckState}, and the {@code Active}
 * condition into an AdmissionCheck object. The transition time moves only when the state changes,
 * as for Kubernetes conditions.
 */
final class CheckStates {
  /** Kueue's limit on {@code AdmissionCheckState.message}. */
  static final int MAX_MESSAGE = 32768;

  private CheckStates() {}

  /** Applies the verdict; returns whether anything in the entry changed. */
  static boolean apply(Map<String, Object> check, Verdict verdict, Instant now) {
    boolean changed = false;
    if (!verdict.state().equals(check.get("state"))) {
      check.put("state", verdict.state());
      check.put("lastTransitionTime", time(now));
      changed = true;
    } else if (check.get("lastTransitionTime") == null) {
      check.put("lastTransitionTime", time(now));
      changed = true;
    }
    String message = truncate(verdict.message());
    if (!message.equals(check.get("message"))) {
      check.put("message", message);
      changed = true;
    }
    List<Map<String, Object>> updates = new ArrayList<>();
    if (verdict instanceof Verdict.Ready ready) {
      ready.podSetUpdates().forEach(u -> updates.add(u.toMap()));
    }
    Object live = check.get("podSetUpdates");
    boolean liveEmpty = live == null || live instanceof List<?> l && l.isEmpty();
    if (updates.isEmpty() ? !liveEmpty : !sameUpdates(updates, live)) {
      if (updates.isEmpty()) {
        check.remove("podSetUpdates");
      } else {
        check.put("podSetUpdates", updates);
      }
      changed = true;
    }
    return changed;
  }

  /** Whether an AdmissionCheck object has the condition {@code Active=True}. */
  static boolean active(GenericKubernetesResource admissionCheck) {
    return conditions(admissionCheck).stream()
        .anyMatch(c -> "Active".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  /**
   * Sets {@code Active=True} on an AdmissionCheck object, replacing an earlier Active condition.
   */
  @SuppressWarnings("unchecked") // status is an untyped map as fabric8 reads it
  static void markActive(GenericKubernetesResource admissionCheck, Instant now) {
    Map<String, Object> status =
        (Map<String, Object>)
            admissionCheck
                .getAdditionalProperties()
                .computeIfAbsent("status", k -> new java.util.LinkedHashMap<String, Object>());
    List<Map<String, Object>> kept = new ArrayList<>(conditions(admissionCheck));
    kept.removeIf(c -> "Active".equals(c.get("type")));
    Map<String, Object> active = new java.util.LinkedHashMap<>();
    active.put("type", "Active");
    active.put("status", "True");
    active.put("reason", "Active");
    active.put("message", "GPU Arbiter serves the approval check");
    active.put("lastTransitionTime", time(now));
    Long generation = admissionCheck.getMetadata().getGeneration();
    if (generation != null) {
      active.put("observedGeneration", generation);
    }
    kept.add(active);
    status.put("conditions", kept);
  }

  @SuppressWarnings("unchecked") // conditions are untyped maps as fabric8 reads them
  private static List<Map<String, Object>> conditions(GenericKubernetesResource admissionCheck) {
    if (admissionCheck.getAdditionalProperties().get("status") instanceof Map<?, ?> status
        && status.get("conditions") instanceof List<?> list) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          out.add((Map<String, Object>) m);
        }
      }
      return out;
    }
    return List.of();
  }

  /** RFC 3339 in whole seconds, as the API server stores metav1.Time. */
  static String time(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
  }

  private static boolean sameUpdates(List<Map<String, Object>> want, Object live) {
    if (!(live instanceof List<?> list) || list.size() != want.size()) {
      return false;
    }
    for (int i = 0; i < want.size(); i++) {
      if (!sameValue(want.get(i), list.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Equality tolerant of number types (the API returns tolerationSeconds as any integer). */
  private static boolean sameValue(Object want, Object live) {
    if (want instanceof Number a && live instanceof Number b) {
      return a.longValue() == b.longValue();
    }
    if (want instanceof Map<?, ?> a && live instanceof Map<?, ?> b) {
      return a.size() == b.size()
          && a.entrySet().stream().allMatch(e -> sameValue(e.getValue(), b.get(e.getKey())));
    }
    if (want instanceof List<?> a && live instanceof List<?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(want, live);
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE);
  }
}
