package dev.greenroom.catalog.model;

import dev.greenroom.catalog.json.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of {@code status.items}, for example a processing error.
 *
 * @param type the item type, {@code backstage.io/catalog-processing} for processing errors
 * @param level {@code info}, {@code warning} or {@code error}
 * @param message the message shown to people
 * @param error the serialized error ({@code {name, message, ...}}), or null
 */
public record StatusItem(String type, String level, String message, @Nullable ObjectNode error) {
  /** The item type Backstage uses for processing errors. */
  public static final String CATALOG_PROCESSING = "backstage.io/catalog-processing";

  /** A processing error item, in Backstage's shape. */
  public static StatusItem processingError(String errorName, String errorMessage) {
    ObjectNode err = Json.object().put("name", errorName).put("message", errorMessage);
    return new StatusItem(CATALOG_PROCESSING, "error", errorName + ": " + errorMessage, err);
  }

  static StatusItem fromJson(ObjectNode n) {
    JsonNode err = n.get("error");
    return new StatusItem(
        n.path("type").asString(""),
        n.path("level").asString(""),
        n.path("message").asString(""),
        err != null && err.isObject() ? ((ObjectNode) err).deepCopy() : null);
  }

  /** The item as JSON. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object().put("type", type).put("level", level).put("message", message);
    if (error != null) {
      n.set("error", error.deepCopy());
    }
    return n;
  }
}
