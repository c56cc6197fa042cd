package io.gpuarbiter.admission;

import java.nio.charset.StandardCharsets;

/** What the HTTP layer sends back: a status, a content type and the body bytes. */
public record HttpAnswer(int status, String contentType, byte[] body) {
  static HttpAnswer json(byte[] body) {
    return new HttpAnswer(200, "application/json", body);
  }

  static HttpAnswer problem(int status, String message) {
    String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    byte[] body =
        ("{\"status\":" + status + ",\"message\":\"" + escaped + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    return new HttpAnswer(status, "application/json", body);
  }
}
