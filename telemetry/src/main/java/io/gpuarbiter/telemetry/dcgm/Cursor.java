package io.gpuarbiter.telemetry.dcgm;

import java.util.Map;

/** Walks one exposition line: the metric name, then the label set with its escapes. */
final class Cursor {
  private final String s;
  int at;

  Cursor(String s) {
    this.s = s;
  }

  char peek() {
    return at < s.length() ? s.charAt(at) : '\0';
  }

  /** A metric or label name: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; empty when there is none. */
  String name() {
    int start = at;
    while (at < s.length()) {
      char ch = s.charAt(at);
      boolean first = at == start;
      if (Character.isLetter(ch) || ch == '_' || ch == ':' || (!first && Character.isDigit(ch))) {
        at++;
      } else {
        break;
      }
    }
    return s.substring(start, at);
  }

  /** {@code {name="value",…}} into {@code out}; false when it is not a well-formed label set. */
  boolean labels(Map<String, String> out) {
    at++; // '{'
    while (true) {
      skipSpaces();
      if (peek() == '}') {
        at++;
        return true;
      }
      String name = name();
      skipSpaces();
      if (name.isEmpty() || peek() != '=') {
        return false;
      }
      at++;
      skipSpaces();
      String value = quoted();
      if (value == null || out.putIfAbsent(name, value) != null) {
        return false; // unterminated, or the same label twice
      }
      skipSpaces();
      if (peek() == ',') {
        at++;
      } else if (peek() != '}') {
        return false;
      }
    }
  }

  /** A double-quoted label value with {@code \\}, {@code \"} and {@code \n} escapes. */
  private String quoted() {
    if (peek() != '"') {
      return null;
    }
    at++;
    StringBuilder b = new StringBuilder();
    while (at < s.length()) {
      char ch = s.charAt(at++);
      if (ch == '"') {
        return b.toString();
      }
      if (ch == '\\' && at < s.length()) {
        char next = s.charAt(at++);
        b.append(next == 'n' ? '\n' : next);
      } else {
        b.append(ch);
      }
    }
    return null;
  }

  private void skipSpaces() {
    while (peek() == ' ' || peek() == '\t') {
      at++;
    }
  }
}
