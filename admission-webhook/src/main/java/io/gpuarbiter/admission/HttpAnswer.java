package io.gpuarbiter.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the HTTP layer sends back: a status, a content type and the body bytes. */
public record HttpAnswer(int status, String contentType, byte[] body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static HttpAnswer json(byte[] body) {
    return new HttpAnswer(200, "application/json", body);
  }

  /**
   * A {@code {"status":…,"message":…}} problem. The message often echoes the caller's input, so it
   * is written by Jackson, which escapes every character JSON requires.
   */
  static HttpAnswer problem(int status, String message) {
    ObjectNode problem = JSON.createObjectNode().put("status", status).put("message", message);
    try {
      return new HttpAnswer(status, "application/json", JSON.writeValueAsBytes(problem));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a problem answer", e);
    }
  }
}
