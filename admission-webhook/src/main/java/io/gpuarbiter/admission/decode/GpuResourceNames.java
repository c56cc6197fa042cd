package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a GPU resource name anywhere in an object (as a map key, where Kubernetes resource lists
 * put them): what tells a kind no decoder knows apart from one that has nothing to do with GPUs.
 */
final class GpuResourceNames {
  private static final Pattern GPU_RESOURCE =
      Pattern.compile(
          "nvidia\\.com/(gpu|mig-[0-9a-z.]+|gpumem(-percentage)?|gpucores)"
              + "|amd\\.com/gpu|gpu\\.intel\\.com/[a-z0-9_.-]+|habana\\.ai/gaudi"
              + "|volcano\\.sh/vgpu-[a-z]+|aliyun\\.com/gpu[a-z-]*");

  private GpuResourceNames() {}

  /** The JSON pointer of the first GPU resource name in {@code object}, if there is one. */
  static Optional<String> firstIn(JsonNode object) {
    Deque<Map.Entry<String, JsonNode>> todo = new ArrayDeque<>();
    todo.push(Map.entry("", object));
    while (!todo.isEmpty()) {
      Map.Entry<String, JsonNode> at = todo.pop();
      JsonNode node = at.getValue();
      if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          String path = at.getKey() + "/" + f.getKey().replace("~", "~0").replace("/", "~1");
          if (GPU_RESOURCE.matcher(f.getKey()).matches()) {
            return Optional.of(path);
          }
          todo.push(Map.entry(path, f.getValue()));
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          todo.push(Map.entry(at.getKey() + "/" + i, node.get(i)));
        }
      }
    }
    return Optional.empty();
  }
}
