package dev.greenroom.catalog.query;

import dev.greenroom.catalog.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's field projection ({@code fields=kind,metadata.name}): the output keeps only the named
 * subtrees. A path segment that does not exist is joined to the next one with a {@code .} and tried
 * again, so {@code metadata.annotations.backstage.io/view-url} finds an annotation whose key has
 * dots. Paths that are missing are left out.
 */
public final class EntityProjection {
  private static final EntityProjection ALL = new EntityProjection(List.of());

  private final List<String[]> paths;

  private EntityProjection(List<String[]> paths) {
    this.paths = paths;
  }

  /** No projection: entities are returned whole. */
  public static EntityProjection all() {
    return ALL;
  }

  /**
   * Parses {@code fields} parameters; each may hold several comma-separated paths.
   *
   * @throws InvalidQueryException for a path with {@code [}
   */
  public static EntityProjection parse(List<String> fields) {
    Set<String> seen = new LinkedHashSet<>();
    for (String param : fields) {
      for (String f : param.split(",")) {
        String t = f.trim();
        if (t.isEmpty()) {
          continue;
        }
        if (t.contains("[")) {
          throw new InvalidQueryException(
              "Invalid field \"" + t + "\", array type fields are not supported");
        }
        seen.add(t);
      }
    }
    if (seen.isEmpty()) {
      return ALL;
    }
    List<String[]> paths = new ArrayList<>();
    for (String s : seen) {
      paths.add(s.split("\\.", -1));
    }
    return new EntityProjection(List.copyOf(paths));
  }

  /** True when entities are returned whole. */
  public boolean isAll() {
    return paths.isEmpty();
  }

  /** The projected copy of {@code entity} (the input itself when there is no projection). */
  public ObjectNode apply(ObjectNode entity) {
    if (paths.isEmpty()) {
      return entity;
    }
    ObjectNode out = Json.object();
    for (String[] path : paths) {
      copy(entity, out, path, 0);
    }
    return out;
  }

  private static void copy(JsonNode src, ObjectNode dst, String[] parts, int start) {
    if (!src.isObject()) {
      return;
    }
    StringBuilder key = new StringBuilder();
    for (int i = start; i < parts.length; i++) {
      if (i > start) {
        key.append('.');
      }
      key.append(parts[i]);
      JsonNode child = src.get(key.toString());
      if (child == null) {
        continue;
      }
      String k = key.toString();
      if (i == parts.length - 1) {
        dst.set(k, child.deepCopy());
      } else if (child.isObject()) {
        boolean existed = dst.get(k) instanceof ObjectNode;
        ObjectNode sub = existed ? (ObjectNode) dst.get(k) : dst.putObject(k);
        copy(child, sub, parts, i + 1);
        if (!existed && sub.isEmpty()) {
          dst.remove(k);
        }
      }
      return;
    }
  }
}
