package dev.greenroom.scorecard.internal;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityMetadata;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.StringNode;

/**
 * Reads a path of an entity without copying the whole entity for the common paths ({@code kind},
 * {@code metadata.*}, {@code spec.*}); other paths read a copy of the entity's JSON.
 */
public final class EntityFields {
  private EntityFields() {}

  /** The value at {@code path}, or null. */
  public static @Nullable JsonNode read(Entity e, JsonPath path) {
    List<Object> s = path.steps();
    if (s.size() == 1 && "kind".equals(s.get(0))) {
      return StringNode.valueOf(e.kind());
    }
    if (s.size() >= 2 && "metadata".equals(s.get(0)) && s.get(1) instanceof String f) {
      EntityMetadata m = e.metadata();
      if (s.size() == 3 && s.get(2) instanceof String k) {
        if (f.equals("annotations")) {
          return text(m.annotations().get(k));
        }
        if (f.equals("labels")) {
          return text(m.labels().get(k));
        }
      }
      if (s.size() == 2) {
        switch (f) {
          case "name":
            return text(m.name());
          case "namespace":
            return text(m.namespace());
          case "title":
            return text(m.title());
          case "description":
            return text(m.description());
          case "tags":
            ArrayNode a = Json.nodes().arrayNode();
            m.tags().forEach(a::add);
            return a;
          default:
            break;
        }
      }
    }
    if (s.size() == 2 && "spec".equals(s.get(0)) && s.get(1) instanceof String f) {
      String v = e.specString(f); // no copy; non-string values fall through to specValue
      if (v != null) {
        return StringNode.valueOf(v);
      }
    }
    if (s.size() >= 2 && "spec".equals(s.get(0)) && s.stream().allMatch(x -> x instanceof String)) {
      StringBuilder dotted = new StringBuilder();
      for (int i = 1; i < s.size(); i++) {
        String part = (String) s.get(i);
        if (part.contains(".")) {
          return path.read(e.toJson());
        }
        dotted.append(i > 1 ? "." : "").append(part);
      }
      JsonNode v = e.specValue(dotted.toString());
      return v.isMissingNode() ? null : v;
    }
    return path.read(e.toJson());
  }

  private static @Nullable JsonNode text(@Nullable String v) {
    return v == null ? null : StringNode.valueOf(v);
  }
}
