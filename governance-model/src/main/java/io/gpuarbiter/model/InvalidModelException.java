package io.gpuarbiter.model;

import java.util.List;
import java.util.stream.Collectors;

/** A model file that cannot be used, with every problem found in it. */
public final class InvalidModelException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<ModelProblem> problems;

  public InvalidModelException(List<ModelProblem> problems) {
    super(
        problems.size()
            + " problem(s) in the governance model:\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ModelProblem> problems() {
    return problems;
  }
}
