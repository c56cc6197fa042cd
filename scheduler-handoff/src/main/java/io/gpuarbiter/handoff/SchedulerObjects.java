package io.gpuarbiter.handoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.handoff.model.ApprovedExcess;
import io.gpuarbiter.handoff.model.Renderer;
import io.gpuarbiter.handoff.model.Rendering;
import io.gpuarbiter.handoff.model.Target;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The plain Java API of the hand-off: the Kueue and KAI objects a governance model compiles to, and
 * their YAML. No cluster, no clock unless asked for.
 */
public final class SchedulerObjects {
  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES)
                  .build())
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private SchedulerObjects() {}

  /** The objects with the reservations active now; ClusterQueues use the webhook's gate. */
  public static Rendering render(GovernanceModel model, Target target) {
    return render(model, target, Instant.now());
  }

  /** The objects with the reservations active at {@code at}. */
  public static Rendering render(GovernanceModel model, Target target, Instant at) {
    return Renderer.render(model, target, at, false);
  }

  /**
   * As {@link #render(GovernanceModel, Target, Instant)}; with {@code approvalCheck} every
   * ClusterQueue also requires the {@code gpu-arbiter.io/approval} AdmissionCheck, whose controller
   * must then run.
   */
  public static Rendering render(
      GovernanceModel model, Target target, Instant at, boolean approvalCheck) {
    return Renderer.render(model, target, at, approvalCheck);
  }

  /**
   * As {@link #render(GovernanceModel, Target, Instant, boolean)}, with the excess that approvals
   * in force grant added to the teams' queues (else the scheduler would never admit an approved
   * workload beyond quota).
   */
  public static Rendering render(
      GovernanceModel model,
      Target target,
      Instant at,
      boolean approvalCheck,
      List<ApprovedExcess> approved) {
    return Renderer.render(model, target, at, approvalCheck, approved);
  }

  /** Multi-document YAML, one document per object, notes as leading comments. */
  public static String toYaml(Rendering rendering) {
    StringBuilder out = new StringBuilder();
    for (String note : rendering.notes()) {
      out.append("# note: ").append(note).append('\n');
    }
    for (GenericKubernetesResource object : rendering.objects()) {
      out.append(toYaml(object));
    }
    return out.toString();
  }

  /** One object as a YAML document starting with {@code ---}. */
  public static String toYaml(GenericKubernetesResource object) {
    try {
      return YAML.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
