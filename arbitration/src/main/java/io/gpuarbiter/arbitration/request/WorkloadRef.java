package io.gpuarbiter.arbitration.request;

import java.util.Objects;

/**
 * The Kubernetes object a request comes from. The uid is the allocation key: admitting and
 * releasing the same workload always meet on it.
 */
public record WorkloadRef(String kind, String namespace, String name, String uid) {
  public WorkloadRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
