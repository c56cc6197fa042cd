package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads counts (replicas, parallelism, size) with the defaults Kubernetes applies. */
final class Replicas {
  /** No real workload has more pods than this; larger values are typos or attacks. */
  static final int MAX = 100_000;

  private Replicas() {}

  static int read(JsonNode parent, String field, int otherwise, String path)
      throws MalformedWorkload {
    if (parent == null || parent.isMissingNode() || parent.isNull()) {
      return otherwise;
    }
    if (!parent.isObject()) {
      throw new MalformedWorkload(path + ": expected an object");
    }
    JsonNode value = parent.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return otherwise;
    }
    if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > MAX) {
      throw new MalformedWorkload(
          path + "." + field + ": expected a whole number from 0 to " + MAX + ", got " + value);
    }
    return value.asInt();
  }

  /** Pods of nested counts (replicas × parallelism …), bounded like a single count. */
  static int product(int a, int b, String path) throws MalformedWorkload {
    long pods = (long) a * b;
    if (pods > MAX) {
      throw new MalformedWorkload(path + ": " + a + " × " + b + " pods is more than " + MAX);
    }
    return (int) pods;
  }
}
