package io.gpuarbiter.model;

/**
 * One thing wrong with a model file, located precisely enough to fix it without searching: {@code
 * model.yaml:42: quotas[3].pool: unknown pool "h200"}.
 *
 * @param line 1-based line in the file, 0 when the problem is about the file as a whole
 */
public record ModelProblem(String file, int line, String path, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
