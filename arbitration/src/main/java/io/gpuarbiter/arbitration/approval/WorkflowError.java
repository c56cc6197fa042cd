package io.gpuarbiter.arbitration.approval;

/**
 * Why a workflow step was refused: a stable code, a message with the facts, and the HTTP status an
 * API answers with (403 not allowed, 404 unknown, 409 wrong state, 412 stale etag, 422 invalid).
 */
public record WorkflowError(String code, String message, int status) {
  static WorkflowError invalid(String message) {
    return new WorkflowError("request.invalid", message, 422);
  }

  static WorkflowError forbidden(String code, String message) {
    return new WorkflowError(code, message, 403);
  }

  static WorkflowError conflict(String message) {
    return new WorkflowError("request.state", message, 409);
  }
}
