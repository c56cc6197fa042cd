package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.GovernanceModel;

/**
 * A validated model and where it came from.
 *
 * @param digest SHA-256 (hex) of the file's text: which model a decision was made under
 */
public record LoadedModel(GovernanceModel model, String digest, String source) {
  public static final String API_VERSION = "gpu-arbiter.io/v1";
}
