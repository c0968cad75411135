package dev.greenroom.scorecard.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A path into a JSON tree: dotted names, bracketed quoted names and array indexes, optionally
 * starting with {@code $.}: {@code metadata.annotations['pagerduty.com/integration-key']}, {@code
 * spec.type}, {@code $.endpoints[0].slo}.
 *
 * @param text the path as written
 * @param steps names (String) and indexes (Integer)
 */
public record JsonPath(String text, List<Object> steps) {
  /** Longest path accepted. */
  public static final int MAX_LENGTH = 500;

  /**
   * Parses a path.
   *
   * @throws IllegalArgumentException with the position of the problem
   */
  public static JsonPath parse(String text) {
    if (text.isEmpty() || text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("path must have 1 to " + MAX_LENGTH + " characters");
    }
    String t = text;
    int i = 0;
    if (t.startsWith("$.")) {
      i = 2;
    } else if (t.equals("$")) {
      return new JsonPath(text, List.of());
    }
    List<Object> steps = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c == '.') {
        flush(text, name, steps, i);
        i++;
      } else if (c == '[') {
        if (name.length() > 0) {
          steps.add(name.toString());
          name.setLength(0);
        }
        int close;
        if (i + 1 < t.length() && (t.charAt(i + 1) == '\'' || t.charAt(i + 1) == '"')) {
          char q = t.charAt(i + 1);
          int end = t.indexOf(q, i + 2);
          if (end < 0 || end + 1 >= t.length() || t.charAt(end + 1) != ']') {
            throw new IllegalArgumentException("unclosed quoted name at " + i + " in path '" + text + "'");
          }
          steps.add(t.substring(i + 2, end));
          close = end + 1;
        } else {
          close = t.indexOf(']', i);
          if (close < 0) {
            throw new IllegalArgumentException("unclosed [ at " + i + " in path '" + text + "'");
          }
          try {
            steps.add(Integer.parseInt(t.substring(i + 1, close)));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "expected an index or a quoted name at " + i + " in path '" + text + "'");
          }
        }
        i = close + 1;
        if (i < t.length() && t.charAt(i) == '.') {
          i++;
          if (i >= t.length()) {
            throw new IllegalArgumentException("path '" + text + "' ends with '.'");
          }
        }
      } else {
        name.append(c);
        i++;
      }
    }
    if (name.length() > 0) {
      steps.add(name.toString());
    } else if (t.endsWith(".")) {
      throw new IllegalArgumentException("path '" + text + "' ends with '.'");
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("empty path '" + text + "'");
    }
    return new JsonPath(text, List.copyOf(steps));
  }

  private static void flush(String text, StringBuilder name, List<Object> steps, int at) {
    if (name.length() == 0) {
      if (at == 0 || text.charAt(at - 1) != ']') {
        throw new IllegalArgumentException("empty name at " + at + " in path '" + text + "'");
      }
      return;
    }
    steps.add(name.toString());
    name.setLength(0);
  }

  /** The value at this path, or null when any step is missing. */
  public @Nullable JsonNode read(JsonNode root) {
    JsonNode cur = root;
    for (Object s : steps) {
      if (cur == null) {
        return null;
      }
      if (s instanceof Integer idx) {
        cur = cur.isArray() && idx >= 0 && idx < cur.size() ? cur.get(idx) : null;
      } else {
        cur = cur.isObject() ? cur.get((String) s) : null;
      }
    }
    return cur == null || cur.isMissingNode() ? null : cur;
  }

  @Override
  public String toString() {
    return text;
  }
}
