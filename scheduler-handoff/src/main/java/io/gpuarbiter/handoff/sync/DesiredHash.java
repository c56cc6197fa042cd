package io.gpuarbiter.handoff.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest of what was rendered, kept on the object as an annotation. If a live object that
 * differs from the rendering still carries the rendering's digest, nobody changed the model: the
 * object was edited by hand (drift). A different digest means the model moved on (update).
 */
final class DesiredHash {
  static final String ANNOTATION = "gpu-arbiter.io/rendered-digest";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private DesiredHash() {}

  /** A copy of {@code rendered} carrying its digest. */
  static GenericKubernetesResource stamp(GenericKubernetesResource rendered) {
    GenericKubernetesResource copy = new GenericKubernetesResource();
    copy.setApiVersion(rendered.getApiVersion());
    copy.setKind(rendered.getKind());
    ObjectMeta source = rendered.getMetadata();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(source.getName());
    meta.setNamespace(source.getNamespace());
    meta.setLabels(source.getLabels());
    Map<String, String> annotations = new TreeMap<>();
    if (source.getAnnotations() != null) {
      annotations.putAll(source.getAnnotations());
    }
    annotations.put(ANNOTATION, digest(rendered));
    meta.setAnnotations(annotations);
    copy.setMetadata(meta);
    rendered.getAdditionalProperties().forEach(copy::setAdditionalProperty);
    return copy;
  }

  /** The digest an object carries; empty if none. */
  static String of(GenericKubernetesResource object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? "" : annotations.getOrDefault(ANNOTATION, "");
  }

  private static String digest(GenericKubernetesResource rendered) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("labels", rendered.getMetadata().getLabels());
    Map<String, String> annotations = new TreeMap<>();
    if (rendered.getMetadata().getAnnotations() != null) {
      annotations.putAll(rendered.getMetadata().getAnnotations());
    }
    annotations.remove(ANNOTATION);
    content.put("annotations", annotations);
    content.put("body", rendered.getAdditionalProperties());
    try {
      byte[] json = JSON.writeValueAsBytes(content);
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(json))
          .substring(0, 32);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest a rendered object", e);
    }
  }
}
