package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** Checks that the parts of a workload the decoder reads have the JSON type Kubernetes requires. */
final class Shapes {
  private Shapes() {}

  /** {@code node} itself when it is an object or absent; absent reads as empty. */
  static JsonNode object(JsonNode node, String path) throws MalformedWorkload {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return MissingNode.getInstance();
    }
    if (!node.isObject()) {
      throw new MalformedWorkload(where(path) + ": expected an object, got " + type(node));
    }
    return node;
  }

  /** The elements of an array of objects (absent reads as empty). */
  static List<JsonNode> objects(JsonNode node, String path) throws MalformedWorkload {
    List<JsonNode> items = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return items;
    }
    if (!node.isArray()) {
      throw new MalformedWorkload(where(path) + ": expected a list, got " + type(node));
    }
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isObject()) {
        throw new MalformedWorkload(
            where(path) + "[" + i + "]: expected an object, got " + type(node.get(i)));
      }
      items.add(node.get(i));
    }
    return items;
  }

  private static String where(String pointer) {
    String p = pointer.startsWith("/") ? pointer.substring(1) : pointer;
    return p.isEmpty() ? "the object" : p.replace('/', '.');
  }

  private static String type(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
