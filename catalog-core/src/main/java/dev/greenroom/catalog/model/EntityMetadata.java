package dev.greenroom.catalog.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An immutable, typed view of an entity's {@code metadata}. Values of the wrong JSON type are left
 * out of the view (validation reports them); custom keys stay in the entity's JSON.
 *
 * @param name the name, as written
 * @param namespace the namespace, {@code default} when none is written
 * @param title optional display title
 * @param description optional description
 * @param labels string labels, in document order
 * @param annotations string annotations, in document order
 * @param tags tags, in document order
 * @param links links
 * @param uid the server-assigned id, if any
 * @param etag the server-assigned etag, if any
 */
public record EntityMetadata(
    String name,
    String namespace,
    @Nullable String title,
    @Nullable String description,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> tags,
    List<EntityLink> links,
    @Nullable String uid,
    @Nullable String etag) {

  static EntityMetadata of(ObjectNode m) {
    String ns = text(m.get("namespace"));
    return new EntityMetadata(
        m.get("name").stringValue(),
        ns == null || ns.isEmpty() ? EntityRef.DEFAULT_NAMESPACE : ns,
        text(m.get("title")),
        text(m.get("description")),
        stringMap(m.get("labels")),
        stringMap(m.get("annotations")),
        stringList(m.get("tags")),
        links(m.get("links")),
        text(m.get("uid")),
        text(m.get("etag")));
  }

  /** One annotation's value, or null. */
  public @Nullable String annotation(String key) {
    return annotations.get(key);
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n != null && n.isString() ? n.stringValue() : null;
  }

  private static Map<String, String> stringMap(@Nullable JsonNode n) {
    if (n == null || !n.isObject()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    n.forEachEntry(
        (k, v) -> {
          if (v.isString()) {
            out.put(k, v.stringValue());
          }
        });
    return Collections.unmodifiableMap(out);
  }

  private static List<String> stringList(@Nullable JsonNode n) {
    if (n == null || !n.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (e.isString()) {
        out.add(e.stringValue());
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static List<EntityLink> links(@Nullable JsonNode n) {
    if (n == null || !n.isArray()) {
      return List.of();
    }
    List<EntityLink> out = new ArrayList<>();
    for (JsonNode e : n) {
      String url = e.isObject() ? text(e.get("url")) : null;
      if (url != null) {
        out.add(
            new EntityLink(url, text(e.get("title")), text(e.get("icon")), text(e.get("type"))));
      }
    }
    return Collections.unmodifiableList(out);
  }
}
