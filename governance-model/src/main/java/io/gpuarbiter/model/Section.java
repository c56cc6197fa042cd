package io.gpuarbiter.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping being read at a known path. Every accessor records a located problem instead of
 * throwing, so one pass finds every mistake in the file. Accessors return empty when the value is
 * missing or wrong; callers build a record only when its section added no problem.
 */
final class Section {
  private final Map<String, NodeTuple> fields = new LinkedHashMap<>();
  private final String path;
  private final int line;
  private final Problems problems;
  private final int problemsAtStart;

  Section(MappingNode node, String path, Problems problems) {
    this.path = path;
    this.line = lineOf(node);
    this.problems = problems;
    this.problemsAtStart = problems.count();
    for (NodeTuple tuple : node.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
      if (fields.put(key, tuple) != null) {
        problems.add(lineOf(tuple.getKeyNode()), at(key), "duplicate key");
      }
    }
  }

  /** Reads a document's root, which must be a mapping. */
  static Optional<Section> root(Node node, Problems problems) {
    if (node instanceof MappingNode m) {
      return Optional.of(new Section(m, "", problems));
    }
    problems.add(node == null ? 1 : lineOf(node), "", "the model must be a YAML mapping");
    return Optional.empty();
  }

  /** True when nothing read through this section (or below it) was wrong. */
  boolean clean() {
    return problems.count() == problemsAtStart;
  }

  String path() {
    return path;
  }

  int line() {
    return line;
  }

  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return fields.containsKey(key);
  }

  /** Records a problem about this section's key (or the section itself when key is null). */
  void problem(String key, String message) {
    int where = key != null && fields.containsKey(key) ? lineOf(fields.get(key)) : line;
    problems.add(where, key == null ? path : at(key), message);
  }

  void allowOnly(Set<String> known) {
    for (String key : fields.keySet()) {
      if (!known.contains(key)) {
        problem(key, "unknown field (expected one of " + String.join(", ", sorted(known)) + ")");
      }
    }
  }

  Optional<String> string(String key) {
    NodeTuple t = fields.get(key);
    if (t == null) {
      return Optional.empty();
    }
    if (t.getValueNode() instanceof ScalarNode s && !s.getValue().isEmpty()) {
      return Optional.of(s.getValue());
    }
    problem(key, "expected a value");
    return Optional.empty();
  }

  Optional<String> requiredString(String key) {
    if (!fields.containsKey(key)) {
      problem(null, "missing required field \"" + key + "\"");
    }
    return string(key);
  }

  /**
   * Parses a scalar with {@code parser}; its IllegalArgumentException message becomes the problem.
   */
  <T> Optional<T> parsed(String key, Function<String, T> parser) {
    return string(key).flatMap(text -> parse(key, text, parser));
  }

  <T> Optional<T> requiredParsed(String key, Function<String, T> parser) {
    return requiredString(key).flatMap(text -> parse(key, text, parser));
  }

  boolean flag(String key, boolean otherwise) {
    return parsed(key, Section::bool).orElse(otherwise);
  }

  List<Section> sections(String key) {
    List<Section> result = new ArrayList<>();
    sequence(key)
        .ifPresent(seq -> {
          List<Node> items = seq.getValue();
          for (int i = 0; i < items.size(); i++) {
            String itemPath = at(key) + "[" + i + "]";
            if (items.get(i) instanceof MappingNode m) {
              result.add(new Section(m, itemPath, problems));
            } else {
              problems.add(lineOf(items.get(i)), itemPath, "expected a mapping");
            }
          }
        });
    return result;
  }

  Optional<Section> section(String key) {
    NodeTuple t = fields.get(key);
    if (t == null) {
      return Optional.empty();
    }
    if (t.getValueNode() instanceof MappingNode m) {
      return Optional.of(new Section(m, at(key), problems));
    }
    problem(key, "expected a mapping");
    return Optional.empty();
  }

  Optional<Section> requiredSection(String key) {
    if (!fields.containsKey(key)) {
      problem(null, "missing required field \"" + key + "\"");
    }
    return section(key);
  }

  List<String> strings(String key) {
    List<String> result = new ArrayList<>();
    sequence(key)
        .ifPresent(seq -> {
          List<Node> items = seq.getValue();
          for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ScalarNode s) {
              result.add(s.getValue());
            } else {
              problems.add(lineOf(items.get(i)), at(key) + "[" + i + "]", "expected a value");
            }
          }
        });
    return result;
  }

  /** A list of labels parsed with {@code parser}, e.g. sharing modes. */
  <T> List<T> parsedList(String key, Function<String, T> parser) {
    List<T> result = new ArrayList<>();
    sequence(key)
        .ifPresent(seq -> {
          List<Node> items = seq.getValue();
          for (int i = 0; i < items.size(); i++) {
            String itemPath = at(key) + "[" + i + "]";
            if (!(items.get(i) instanceof ScalarNode scalar)) {
              problems.add(lineOf(items.get(i)), itemPath, "expected a value");
              continue;
            }
            try {
              result.add(parser.apply(scalar.getValue()));
            } catch (IllegalArgumentException e) {
              problems.add(lineOf(scalar), itemPath, e.getMessage());
            }
          }
        });
    return result;
  }

  Map<String, String> stringMap(String key) {
    Map<String, String> result = new LinkedHashMap<>();
    section(key)
        .ifPresent(
            s -> s.fields.forEach((k, t) -> s.string(k).ifPresent(value -> result.put(k, value))));
    return result;
  }

  private Optional<SequenceNode> sequence(String key) {
    NodeTuple t = fields.get(key);
    if (t == null) {
      return Optional.empty();
    }
    if (t.getValueNode() instanceof SequenceNode seq) {
      return Optional.of(seq);
    }
    problem(key, "expected a list");
    return Optional.empty();
  }

  private <T> Optional<T> parse(String key, String text, Function<String, T> parser) {
    try {
      return Optional.of(parser.apply(text));
    } catch (IllegalArgumentException e) {
      int where = fields.containsKey(key) ? lineOf(fields.get(key)) : line;
      problems.add(where, at(key), e.getMessage());
      return Optional.empty();
    }
  }

  private static boolean bool(String text) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got \"" + text + "\"");
    };
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  private static int lineOf(NodeTuple tuple) {
    return lineOf(tuple.getKeyNode());
  }

  private static int lineOf(Node node) {
    return node.getStartMark().getLine() + 1;
  }
}
