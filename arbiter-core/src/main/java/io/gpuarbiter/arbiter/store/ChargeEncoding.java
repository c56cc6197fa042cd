package io.gpuarbiter.arbiter.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.arbiter.ChargeReplay;
import io.gpuarbiter.arbiter.DecisionEncoding;
import io.gpuarbiter.arbitration.snapshot.Charge;
import java.io.IOException;

/**
 * The bytes of a charge row: {@code v} first, then exactly the charge object the ledger's decision
 * entry carries ({@link DecisionEncoding}), so a row can be checked against the entry that made it
 * and both decode with one reader. Versioned on its own: a row format change is a new {@code v} and
 * a migration, never a silent reinterpretation.
 */
final class ChargeEncoding {
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChargeEncoding() {}

  static byte[] encode(Charge c) {
    ObjectNode n = JSON.createObjectNode().put("v", VERSION);
    n.setAll(DecisionEncoding.charge(c));
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  /**
   * @throws IllegalStateException when the row is not a charge of a known version (a corrupt row is
   *     never guessed at: the store refuses to start on it)
   */
  static Charge decode(byte[] body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("a charge row is not JSON: " + e.getMessage(), e);
    }
    if (n == null || n.path("v").asInt() != VERSION) {
      throw new IllegalStateException(
          "a charge row has version " + (n == null ? "none" : n.path("v")) + ", not " + VERSION);
    }
    return ChargeReplay.charge(n);
  }
}
