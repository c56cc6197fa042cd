package io.gpuarbiter.handoff;

import io.gpuarbiter.handoff.model.Target;
import io.gpuarbiter.model.InvalidModelException;
import io.gpuarbiter.model.LoadedModel;
import io.gpuarbiter.model.ModelLoader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the scheduler objects of a model file as multi-document YAML, for review and {@code
 * kubectl apply}. Usage: {@code RenderMain --model FILE --scheduler kueue|kai|all [--at INSTANT]
 * [--approval-check]}. Exit status 0 on success, 2 on bad arguments or an invalid model.
 */
public final class RenderMain {
  static final String USAGE =
      "usage: RenderMain --model FILE --scheduler kueue|kai|all [--at 2026-12-01T00:00:00Z]"
          + " [--approval-check]";

  private RenderMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      out.print(render(List.of(args)));
    } catch (IllegalArgumentException | InvalidModelException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  /** The YAML the command prints for {@code args}, with a header saying how to regenerate it. */
  public static String render(List<String> args) throws InvalidModelException {
    return render(args, Path.of(""));
  }

  /** As {@link #render(List)}, run from {@code workingDir}; the header keeps the path as given. */
  public static String render(List<String> args, Path workingDir) throws InvalidModelException {
    Options options = Options.parse(args);
    LoadedModel loaded = ModelLoader.load(workingDir.resolve(options.model()));
    String yaml =
        SchedulerObjects.toYaml(
            SchedulerObjects.render(
                loaded.model(), options.target(), options.at(), options.approvalCheck()));
    return "# Rendered by GPU Arbiter from "
        + options.model()
        + " (model digest "
        + loaded.digest()
        + ").\n# Do not edit: regenerate with RenderMain "
        + String.join(" ", args)
        + "\n"
        + yaml;
  }

  record Options(Path model, Target target, Instant at, boolean approvalCheck) {
    static Options parse(List<String> args) {
      Path model = null;
      Target target = null;
      Instant at = null;
      boolean approvalCheck = false;
      List<String> rest = new ArrayList<>(args);
      while (!rest.isEmpty()) {
        String flag = rest.remove(0);
        switch (flag) {
          case "--model" -> model = Path.of(value(flag, rest));
          case "--scheduler" ->
              target =
                  Target.parse(value(flag, rest))
                      .orElseThrow(() -> new IllegalArgumentException("unknown scheduler"));
          case "--at" -> at = instant(value(flag, rest));
          case "--approval-check" -> approvalCheck = true;
          default -> throw new IllegalArgumentException("unknown argument " + flag);
        }
      }
      if (model == null || target == null) {
        throw new IllegalArgumentException("--model and --scheduler are required");
      }
      return new Options(model, target, at == null ? Instant.now() : at, approvalCheck);
    }

    private static String value(String flag, List<String> rest) {
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return rest.remove(0);
    }

    private static Instant instant(String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--at wants an ISO instant: " + text, e);
      }
    }
  }
}
