package io.gpuarbiter.handoff.sync;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gpuarbiter.handoff.model.Kind;
import io.gpuarbiter.handoff.model.Ownership;
import io.gpuarbiter.handoff.model.Rendering;
import io.gpuarbiter.handoff.model.Target;
import io.gpuarbiter.handoff.sync.SyncEvent.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the cluster hold what was rendered, touching only objects labelled as GPU Arbiter's:
 * creates what is missing, updates what the model changed, restores what was edited by hand
 * (drift), and deletes owned objects the model no longer renders. An unowned object in the way is
 * reported and left alone. Safe to run at start, after every approved change and periodically; a
 * second pass over an unchanged model does nothing.
 */
public final class SchedulerSync {
  private final KubernetesClient client;
  private final SyncListener listener;

  public SchedulerSync(KubernetesClient client, SyncListener listener) {
    this.client = client;
    this.listener = listener;
  }

  /**
   * Syncs the kinds of {@code target} to {@code desired} (rendered for the same target): owned
   * objects of other targets' kinds are out of scope and never deleted by this pass.
   */
  public SyncReport sync(Rendering desired, Target target) {
    List<SyncEvent> events = new ArrayList<>();
    int unchanged = 0;
    List<Kind> kinds = kinds(target);
    for (Kind kind : kinds) {
      for (GenericKubernetesResource object : desired.ofKind(kind)) {
        Optional<SyncEvent> event = apply(kind, object);
        if (event.isPresent()) {
          emit(events, event.get());
        } else {
          unchanged++;
        }
      }
    }
    for (Kind kind : kinds.reversed()) {
      deleteOrphans(kind, desired.ofKind(kind), events);
    }
    return new SyncReport(events, unchanged);
  }

  static List<Kind> kinds(Target target) {
    return Kind.ALL.stream()
        .filter(
            k -> k.group().equals(Kind.KAI_GROUP) ? target.includesKai() : target.includesKueue())
        .toList();
  }

  private Optional<SyncEvent> apply(Kind kind, GenericKubernetesResource want) {
    ObjectMeta meta = want.getMetadata();
    Resource<GenericKubernetesResource> resource = resource(kind, meta);
    GenericKubernetesResource live = resource.get();
    GenericKubernetesResource stamped = DesiredHash.stamp(want);
    if (live == null) {
      try {
        resources(kind, meta.getNamespace()).resource(stamped).create();
      } catch (KubernetesClientException e) {
        if (kind.namespaced() && e.getCode() == 404) {
          // One team's missing namespace must not stop the objects of every other team.
          return Optional.of(event(Type.NAMESPACE_MISSING, kind, meta, "namespace not found"));
        }
        throw e;
      }
      return Optional.of(event(Type.CREATED, kind, meta, null));
    }
    if (!Ownership.isOwned(live)) {
      return Optional.of(event(Type.FOREIGN_CONFLICT, kind, meta, "not labelled as owned"));
    }
    Optional<String> difference = difference(stamped, live);
    if (difference.isEmpty()) {
      return Optional.empty();
    }
    // Same rendering as last applied but different content: someone edited it by hand.
    Type type =
        DesiredHash.of(live).equals(DesiredHash.of(stamped)) ? Type.DRIFT_RESTORED : Type.UPDATED;
    resources(kind, meta.getNamespace()).resource(merged(stamped, live)).update();
    return Optional.of(event(type, kind, meta, difference.get()));
  }

  private static Optional<String> difference(
      GenericKubernetesResource want, GenericKubernetesResource live) {
    Map<String, Object> wantMeta = new HashMap<>();
    wantMeta.put("labels", want.getMetadata().getLabels());
    wantMeta.put("annotations", want.getMetadata().getAnnotations());
    Map<String, Object> liveMeta = new HashMap<>();
    liveMeta.put("labels", live.getMetadata().getLabels());
    liveMeta.put("annotations", live.getMetadata().getAnnotations());
    return Comparison.firstDifference(wantMeta, liveMeta, "/metadata")
        .or(() ->
            Comparison.firstDifference(
                    want.getAdditionalProperties(), live.getAdditionalProperties(), "")
                .map(p -> p + " = " + Comparison.valueAt(live.getAdditionalProperties(), p)));
  }

  /**
   * The live object with the rendered labels, annotations and body: finalizers, other labels and
   * the resourceVersion (optimistic concurrency) stay as they are.
   */
  private static GenericKubernetesResource merged(
      GenericKubernetesResource want, GenericKubernetesResource live) {
    GenericKubernetesResource out = new GenericKubernetesResource();
    out.setApiVersion(want.getApiVersion());
    out.setKind(want.getKind());
    ObjectMeta meta = live.getMetadata();
    Map<String, String> labels = new HashMap<>(orEmpty(meta.getLabels()));
    labels.putAll(orEmpty(want.getMetadata().getLabels()));
    meta.setLabels(labels);
    Map<String, String> annotations = new HashMap<>(orEmpty(meta.getAnnotations()));
    annotations.putAll(orEmpty(want.getMetadata().getAnnotations()));
    meta.setAnnotations(annotations);
    out.setMetadata(meta);
    want.getAdditionalProperties().forEach(out::setAdditionalProperty);
    return out;
  }

  private void deleteOrphans(
      Kind kind, List<GenericKubernetesResource> desired, List<SyncEvent> events) {
    Set<String> wanted = new HashSet<>();
    desired.forEach(o -> wanted.add(key(o.getMetadata())));
    var all = client.genericKubernetesResources(context(kind));
    List<GenericKubernetesResource> owned =
        (kind.namespaced()
                ? all.inAnyNamespace().withLabel(Ownership.MANAGED_BY, Ownership.MANAGER).list()
                : all.withLabel(Ownership.MANAGED_BY, Ownership.MANAGER).list())
            .getItems();
    for (GenericKubernetesResource live : owned) {
      if (Ownership.isOwned(live) && !wanted.contains(key(live.getMetadata()))) {
        resource(kind, live.getMetadata()).delete();
        emit(events, event(Type.DELETED, kind, live.getMetadata(), null));
      }
    }
  }

  private void emit(List<SyncEvent> events, SyncEvent event) {
    events.add(event);
    listener.onEvent(event);
  }

  private Resource<GenericKubernetesResource> resource(Kind kind, ObjectMeta meta) {
    return resources(kind, meta.getNamespace()).withName(meta.getName());
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(Kind kind, String namespace) {
    var all = client.genericKubernetesResources(context(kind));
    return kind.namespaced() && namespace != null ? all.inNamespace(namespace) : all;
  }

  static ResourceDefinitionContext context(Kind kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(kind.group())
        .withVersion(kind.version())
        .withKind(kind.kind())
        .withPlural(kind.plural())
        .withNamespaced(kind.namespaced())
        .build();
  }

  private static String key(ObjectMeta meta) {
    return meta.getNamespace() + "/" + meta.getName();
  }

  private static SyncEvent event(Type type, Kind kind, ObjectMeta meta, String detail) {
    return new SyncEvent(type, kind, meta.getNamespace(), meta.getName(), detail);
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
