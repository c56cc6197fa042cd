package io.gpuarbiter.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of one load, so the user sees all of them at once. */
final class Problems {
  private final String file;
  private final List<ModelProblem> found = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(int line, String path, String message) {
    found.add(new ModelProblem(file, line, path, message));
  }

  int count() {
    return found.size();
  }

  List<ModelProblem> sorted() {
    return found.stream()
        .sorted(Comparator.comparingInt(ModelProblem::line).thenComparing(ModelProblem::path))
        .toList();
  }
}
