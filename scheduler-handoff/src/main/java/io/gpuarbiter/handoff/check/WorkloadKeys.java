package io.gpuarbiter.handoff.check;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * The admission webhook's allocation key, {@code group/Kind/namespace/name} with the core group
 * written {@code core}, for objects seen in the cluster. Pure.
 */
public final class WorkloadKeys {
  public static final String KUEUE_GROUP = "kueue.x-k8s.io";

  private WorkloadKeys() {}

  /** Key of an object from its apiVersion ({@code v1} or {@code group/version}) and kind. */
  public static String key(String apiVersion, String kind, String namespace, String name) {
    return group(apiVersion) + "/" + kind + "/" + namespace + "/" + name;
  }

  /** Key of the object itself. */
  public static String of(HasMetadata object) {
    ObjectMeta meta = object.getMetadata();
    return key(object.getApiVersion(), object.getKind(), meta.getNamespace(), meta.getName());
  }

  /**
   * Key the webhook charged for a Kueue Workload: its first owner's (in the Workload's namespace),
   * or the Workload's own key when it has no owner.
   */
  public static String ownerKey(HasMetadata workload) {
    ObjectMeta meta = workload.getMetadata();
    List<OwnerReference> owners = meta.getOwnerReferences();
    if (owners == null || owners.isEmpty()) {
      return key(KUEUE_GROUP + "/v1beta2", "Workload", meta.getNamespace(), meta.getName());
    }
    OwnerReference owner = owners.get(0);
    return key(owner.getApiVersion(), owner.getKind(), meta.getNamespace(), owner.getName());
  }

  /** {@code batch/v1} → {@code batch}; {@code v1} → {@code core}. */
  public static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "core" : apiVersion.substring(0, slash);
  }
}
