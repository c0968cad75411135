package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.StatusItem;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.state.StitchInput;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds what the catalog store receives for one stitched ref: the processed entity with its
 * {@code uid}, the orphan mark, the processing errors appended to {@code status.items}, and unsafe
 * {@code view-url}/{@code edit-url} values replaced. The store then adds the relations and the
 * {@code etag} (catalog-core's {@code Stitcher}).
 */
public final class FinalEntities {
  /** Set to {@code 'true'} on entities that nothing emits any more. */
  public static final String ORPHAN = "backstage.io/orphan";

  /** What a rejected {@code javascript:} URL annotation is replaced with, as in Backstage. */
  public static final String REJECTED_URL =
      "https://backstage.io/annotation-rejected-for-security-reasons";

  /**
   * Backstage's check for a {@code javascript:} scheme: leading control characters and spaces
   * allowed, tabs and line breaks allowed between the letters, any case.
   */
  private static final Pattern JAVASCRIPT_URL =
      Pattern.compile(
          "^[\\u0000-\\u001F ]*j[\\r\\n\\t]*a[\\r\\n\\t]*v[\\r\\n\\t]*a[\\r\\n\\t]*s[\\r\\n\\t]*c"
              + "[\\r\\n\\t]*r[\\r\\n\\t]*i[\\r\\n\\t]*p[\\r\\n\\t]*t[\\r\\n\\t]*:",
          Pattern.CASE_INSENSITIVE);

  private FinalEntities() {}

  /** The entity to hand to the catalog store for {@code input}, which must have processed data. */
  public static Entity of(StitchInput input) {
    Entity processed = input.processed();
    if (processed == null) {
      throw new IllegalArgumentException(input.ref() + " has no processed entity");
    }
    String uid = input.entityId();
    return processed.edit(json -> {
      ObjectNode meta = (ObjectNode) json.get("metadata");
      if (uid != null) {
        meta.put("uid", uid);
      }
      JsonNode ann = meta.get("annotations");
      if (input.orphan()) {
        ObjectNode a = ann instanceof ObjectNode o ? o : meta.putObject("annotations");
        a.put(ORPHAN, "true");
      }
      if (ann instanceof ObjectNode a) {
        sanitize(a, "backstage.io/view-url");
        sanitize(a, "backstage.io/edit-url");
      }
      if (!input.errors().isEmpty()) {
        JsonNode status = json.get("status");
        ObjectNode s = status instanceof ObjectNode o ? o : json.putObject("status");
        JsonNode items = s.get("items");
        var arr = items != null && items.isArray()
            ? (tools.jackson.databind.node.ArrayNode) items
            : s.putArray("items");
        for (ProcessingError e : input.errors()) {
          arr.add(StatusItem.processingError(e.name(), e.message()).toJson());
        }
      }
    });
  }

  private static void sanitize(ObjectNode annotations, String key) {
    JsonNode v = annotations.get(key);
    if (v != null && v.isString() && JAVASCRIPT_URL.matcher(v.stringValue()).find()) {
      annotations.put(key, REJECTED_URL);
    }
  }

  /** The processing errors of {@code entity}'s status, for tests and hosts. */
  public static List<String> processingErrors(Entity entity) {
    List<String> out = new ArrayList<>();
    for (StatusItem item : entity.statusItems()) {
      if (StatusItem.CATALOG_PROCESSING.equals(item.type())) {
        out.add(item.message());
      }
    }
    return out;
  }
}
