package dev.greenroom.catalog.io;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes entities as catalog files: multi-document YAML (one {@code ---} document per entity) or
 * a JSON array. Key order is the entities' own. Thread-safe.
 */
public final class EntityWriter {
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .build();

  private EntityWriter() {}

  /** The entities as YAML documents separated by {@code ---} lines; empty text for no entities. */
  public static String toYaml(List<Entity> entities) {
    StringBuilder sb = new StringBuilder();
    for (Entity e : entities) {
      if (!sb.isEmpty()) {
        sb.append("---\n");
      }
      sb.append(YAML.writeValueAsString(e.toJson()));
    }
    return sb.toString();
  }

  /** The entities as a pretty-printed JSON array. */
  public static String toJson(List<Entity> entities) {
    ArrayNode arr = Json.nodes().arrayNode();
    for (Entity e : entities) {
      arr.add(e.toJson());
    }
    return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(arr);
  }
}
