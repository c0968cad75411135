package dev.greenroom.catalog.ldap.internal;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sets a value at a lodash-style path ({@code metadata.annotations["a.b/c"]}, {@code
 * spec.items[0]}), making the objects and arrays on the way, as Backstage's {@code set} config
 * does with lodash's {@code set}.
 */
public final class JsonPaths {
  /** The deepest path accepted. */
  static final int MAX_SEGMENTS = 32;

  private JsonPaths() {}

  /**
   * Sets {@code value} at {@code path} under {@code root}.
   *
   * @throws IllegalArgumentException naming the path when it cannot be read or is too deep
   */
  public static void set(ObjectNode root, String path, JsonNode value) {
    List<Object> segments = parse(path);
    JsonNode node = root;
    for (int i = 0; i < segments.size(); i++) {
      Object seg = segments.get(i);
      boolean last = i == segments.size() - 1;
      Object nextSeg = last ? null : segments.get(i + 1);
      if (node instanceof ObjectNode o) {
        String key = String.valueOf(seg);
        if (last) {
          o.set(key, value.deepCopy());
          return;
        }
        JsonNode child = o.get(key);
        if (child == null || !(child.isObject() || child.isArray())) {
          child = nextSeg instanceof Integer ? o.putArray(key) : o.putObject(key);
        }
        node = child;
      } else if (node instanceof ArrayNode a && seg instanceof Integer idx) {
        while (a.size() <= idx) {
          a.addNull();
        }
        if (last) {
          a.set(idx, value.deepCopy());
          return;
        }
        JsonNode child = a.get(idx);
        if (child == null || !(child.isObject() || child.isArray())) {
          child = nextSeg instanceof Integer ? a.arrayNode() : a.objectNode();
          a.set(idx, child);
        }
        node = child;
      } else {
        throw new IllegalArgumentException("path '" + path + "' indexes an array with a name");
      }
    }
  }

  static List<Object> parse(String path) {
    List<Object> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        i++;
      } else if (c == '[') {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        int end = path.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException("path '" + path + "' has an unclosed '['");
        }
        String inner = path.substring(i + 1, end).trim();
        if (inner.length() >= 2 && (inner.charAt(0) == '"' || inner.charAt(0) == '\'')
            && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
          out.add(inner.substring(1, inner.length() - 1));
        } else if (inner.matches("\\d{1,6}")) {
          out.add(Integer.parseInt(inner));
        } else {
          out.add(inner);
        }
        i = end + 1;
      } else {
        cur.append(c);
        i++;
      }
      if (out.size() > MAX_SEGMENTS) {
        throw new IllegalArgumentException("path '" + path + "' is deeper than " + MAX_SEGMENTS);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("path '" + path + "' is empty");
    }
    return out;
  }
}
