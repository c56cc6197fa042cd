package io.gpuarbiter.admission.owners;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Objects that controllers create for an arbitrated workload (a Job's Pods, a Deployment's
 * ReplicaSets and their Pods, a CronJob's Jobs, a JobSet's Jobs …) are covered by its charge: they
 * are allowed without a decision of their own and charge nothing, so admitted work gets its pods
 * and no GPU is charged twice.
 *
 * <p>The rule: an object is covered when its controller chain ({@code ownerReferences} with {@code
 * controller: true}, followed for at most {@link #MAX_DEPTH} links) reaches a charged workload, and
 * every link is genuine: the uid in each reference is the uid of the object it names (recorded when
 * the workload was admitted here, or looked up in the cluster). A reference to an uncharged or
 * non-existent owner, or with a wrong uid, is no free pass: the object is then decided as a
 * workload of its own. (The API server does not check owner references; the garbage collector
 * deletes objects whose owner uid does not exist, and controllers delete the pods they did not ask
 * for, which bounds what a genuine reference can carry.)
 */
public final class ControllerChildren {
  /** Links followed: CronJob → Job → Pod and TrainJob → JobSet → Job → Pod need three. */
  public static final int MAX_DEPTH = 4;

  private static final int CACHED = 100_000;

  private final Predicate<String> charged;
  private final Lineage lineage;
  private final Cache<String, String> chargedUids =
      Caffeine.newBuilder().maximumSize(CACHED).build();
  private final Cache<String, String> coveredBy = Caffeine.newBuilder().maximumSize(CACHED).build();

  /**
   * @param charged whether a workload key holds a charge now
   * @param lineage the cluster, to look owners up ({@link Lineage#NONE} without one)
   */
  public ControllerChildren(Predicate<String> charged, Lineage lineage) {
    this.charged = charged;
    this.lineage = lineage;
  }

  /** The charged workload key that covers {@code object}, if its controller chain reaches one. */
  public Optional<String> coveringAncestor(String namespace, JsonNode object) {
    Optional<OwnerRef> ref = OwnerRef.controllerOf(object);
    for (int depth = 0; depth < MAX_DEPTH && ref.isPresent(); depth++) {
      OwnerRef r = ref.get();
      String seen = coveredBy.getIfPresent(r.uid());
      if (seen != null && charged.test(seen)) {
        return Optional.of(seen); // the owner was itself covered (e.g. a Deployment's ReplicaSet)
      }
      String key = r.key(namespace);
      if (charged.test(key)) {
        return r.uid().equals(chargedUid(namespace, r, key)) ? Optional.of(key) : Optional.empty();
      }
      Optional<Lineage.Owned> owner = lineage.lookUp(namespace, r);
      if (owner.isEmpty() || !owner.get().uid().equals(r.uid())) {
        return Optional.empty();
      }
      ref = owner.get().controller();
    }
    return Optional.empty();
  }

  /** A workload was admitted and charged: its uid is what its children's references must carry. */
  public void admitted(String key, JsonNode object) {
    uidOf(object).ifPresent(uid -> chargedUids.put(key, uid));
  }

  /** A child was found covered: its own children resolve through it without a lookup. */
  public void covered(JsonNode child, String ancestorKey) {
    uidOf(child).ifPresent(uid -> coveredBy.put(uid, ancestorKey));
  }

  private String chargedUid(String namespace, OwnerRef ref, String key) {
    String uid = chargedUids.getIfPresent(key);
    if (uid == null) {
      uid = lineage.lookUp(namespace, ref).map(Lineage.Owned::uid).orElse(null);
      if (uid != null) {
        chargedUids.put(key, uid);
      }
    }
    return uid;
  }

  private static Optional<String> uidOf(JsonNode object) {
    String uid = object.path("metadata").path("uid").asText("");
    return uid.isBlank() ? Optional.empty() : Optional.of(uid);
  }
}
