package io.gpuarbiter.handoff.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real CRDs of testdata/crds as JSON Schemas. A CRD's openAPIV3Schema is close to JSON Schema
 * draft 4; the Kubernetes extensions are translated: {@code x-kubernetes-int-or-string} becomes
 * {@code anyOf [integer, string]}, {@code nullable} adds {@code null}, and objects with declared
 * properties reject unknown fields unless {@code x-kubernetes-preserve-unknown-fields} (stricter
 * than the API server, which would prune them silently: a typo must fail here). CEL {@code
 * x-kubernetes-validations} are not evaluated; {@code KueueRules} checks the ones that bear on what
 * we render.
 */
public final class CrdSchemas {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

  private final Map<String, JsonSchema> byApiVersionKind = new HashMap<>();

  private CrdSchemas() {}

  /** Every served version of every CRD in the corpus. */
  public static CrdSchemas load() {
    CrdSchemas schemas = new CrdSchemas();
    Path dir = Repo.corpus().resolve("crds");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        schemas.add(YAML.readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (schemas.byApiVersionKind.isEmpty()) {
      throw new IllegalStateException("no CRDs under " + dir);
    }
    return schemas;
  }

  private void add(JsonNode crd) {
    String group = crd.path("spec").path("group").asText();
    String kind = crd.path("spec").path("names").path("kind").asText();
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      if (version.path("served").asBoolean() && schema.isObject()) {
        JsonNode converted = toJsonSchema(schema.deepCopy());
        byApiVersionKind.put(
            group + "/" + version.path("name").asText() + "/" + kind, FACTORY.getSchema(converted));
      }
    }
  }

  /** Validation errors of {@code object} against its CRD; fails if the corpus lacks the CRD. */
  public List<String> validate(Object object) {
    JsonNode node = JSON.valueToTree(object);
    String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
    JsonSchema schema = byApiVersionKind.get(key);
    if (schema == null) {
      throw new IllegalArgumentException("no CRD in the corpus for " + key);
    }
    List<String> errors = new ArrayList<>();
    for (ValidationMessage m : schema.validate(node)) {
      errors.add(m.getMessage());
    }
    return errors;
  }

  static JsonNode toJsonSchema(JsonNode node) {
    if (node instanceof ArrayNode array) {
      array.forEach(CrdSchemas::toJsonSchema);
      return node;
    }
    if (!(node instanceof ObjectNode schema)) {
      return node;
    }
    boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean();
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    if (intOrString && !schema.has("anyOf")) {
      ArrayNode anyOf = schema.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
    }
    if (schema.path("nullable").asBoolean() && schema.has("type")) {
      ArrayNode types = JsonNodeFactory.instance.arrayNode();
      types.add(schema.get("type")).add("null");
      schema.set("type", types);
    }
    schema.remove("nullable");
    if (schema.has("properties") && !preserve && !schema.has("additionalProperties")) {
      schema.put("additionalProperties", false);
    }
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith("x-kubernetes-")) {
        it.remove();
      }
    }
    if (schema.has("properties")) {
      schema.get("properties").forEach(CrdSchemas::toJsonSchema);
    }
    for (String key : List.of("items", "additionalProperties", "anyOf", "allOf", "oneOf", "not")) {
      if (schema.has(key)) {
        toJsonSchema(schema.get(key));
      }
    }
    return schema;
  }
}
