package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpuarbiter.arbitration.request.GpuDemand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DRA ResourceClaimTemplates (and ResourceClaims) GPU Arbiter has seen, sized as GPU demand. A
 * pod only names its claim templates, so their device counts must be learnt from the templates
 * themselves: they pass through the webhook (or the cluster API) before the pods that use them. A
 * request is sized when it asks for an exact count of NVIDIA GPUs or MIG devices; a MIG profile is
 * read from a CEL selector on {@code .profile}.
 */
public final class ClaimTemplates {
  private static final Pattern PROFILE = Pattern.compile("profile\\s*==\\s*['\"]([^'\"]+)['\"]");

  private final Map<String, List<GpuDemand>> byKey = new ConcurrentHashMap<>();

  /** Records a ResourceClaimTemplate or ResourceClaim object, replacing an earlier version. */
  public void record(String kind, String namespace, String name, JsonNode object) {
    JsonNode spec =
        kind.equals("ResourceClaimTemplate")
            ? object.path("spec").path("spec")
            : object.path("spec");
    byKey.put(key(kind, namespace, name), size(spec.path("devices").path("requests")));
  }

  public void forget(String kind, String namespace, String name) {
    byKey.remove(key(kind, namespace, name));
  }

  /** GPU demand of every device request of the claim, if the claim is known. */
  public Optional<List<GpuDemand>> demand(String kind, String namespace, String name) {
    return Optional.ofNullable(byKey.get(key(kind, namespace, name)));
  }

  static List<GpuDemand> size(JsonNode requests) {
    List<GpuDemand> out = new ArrayList<>();
    for (JsonNode request : requests) {
      JsonNode exactly = request.has("exactly") ? request.path("exactly") : request;
      String deviceClass = exactly.path("deviceClassName").asText("");
      if (!deviceClass.endsWith("nvidia.com")) {
        continue; // not a GPU: NICs, IMEX channels …
      }
      String name = request.path("name").asText("?");
      if (exactly.path("allocationMode").asText("ExactCount").equals("All")) {
        out.add(new GpuDemand.Unsized("DRA request " + name + " asks for all matching devices"));
        continue;
      }
      int count = Math.max(1, exactly.path("count").asInt(1));
      Optional<String> profile = migProfile(exactly.path("selectors"));
      if (deviceClass.startsWith("mig.") && profile.isEmpty()) {
        out.add(
            new GpuDemand.Unsized(
                "DRA request " + name + " asks for a MIG device of no " + "stated profile"));
      } else if (profile.isPresent()) {
        out.add(new GpuDemand.MigSlices(profile.get(), count));
      } else {
        out.add(new GpuDemand.DraDevices(count));
      }
    }
    return out;
  }

  private static Optional<String> migProfile(JsonNode selectors) {
    for (JsonNode s : selectors) {
      Matcher m = PROFILE.matcher(s.path("cel").path("expression").asText(""));
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
