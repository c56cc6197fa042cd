package io.gpuarbiter.policies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.arbitration.policy.PolicyOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JSON both evaluators share: the input document out, the entrypoint's result document in. One
 * parser for both modes, so they can only differ in what OPA computes.
 */
final class PolicyJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private PolicyJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + value, e);
    }
  }

  static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.BAD_RESULT, "not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads the value of {@code gpuarbiter.entrypoint.result}. */
  static PolicyResult result(JsonNode result, String digest) {
    if (result == null || !result.isObject()) {
      throw bad("the entrypoint result is undefined or not an object: " + result);
    }
    List<PolicyFinding> findings = new ArrayList<>();
    for (JsonNode o : array(result, "outcomes")) {
      findings.add(
          new PolicyFinding(
              text(o, "policy"),
              text(o, "version"),
              enforcement(text(o, "enforcement")),
              text(o, "message")));
    }
    List<PolicyInfo> policies = new ArrayList<>();
    for (JsonNode p : array(result, "policies")) {
      policies.add(
          new PolicyInfo(text(p, "name"), text(p, "version"), enforcement(text(p, "enforcement"))));
    }
    return new PolicyResult(digest, findings, policies);
  }

  private static JsonNode array(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isArray()) {
      throw bad("result." + field + " is not an array");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw bad(field + " is not a string in " + node);
    }
    return value.asText();
  }

  private static PolicyOutcome.Enforcement enforcement(String action) {
    try {
      return PolicyOutcome.Enforcement.valueOf(action.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad("unknown enforcement action " + action);
    }
  }

  private static PolicyEvaluationException bad(String message) {
    return new PolicyEvaluationException(PolicyEvaluationException.Kind.BAD_RESULT, message);
  }
}
