package dev.greenroom.catalog.query;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.internal.EntityTrees;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityException;
import dev.greenroom.catalog.model.Relation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Flattens a final entity into the (key, value) rows that filters, ordering, full-text search and
 * facets see, with Backstage's rules ({@code buildEntitySearch}):
 *
 * <ul>
 *   <li>every scalar leaf gives {@code (path, value)}; array elements are visited under the array's
 *       own path, and each string element also gives {@code (path.element, "true")};
 *   <li>{@code relations}, {@code status}, {@code attachments} and {@code metadata.name /
 *       namespace / uid / etag} are not traversed; {@code metadata.name}, {@code
 *       metadata.namespace} (default {@code default}) and {@code metadata.uid} are added
 *       explicitly, and each relation gives {@code (relations.<type>, targetRef)};
 *   <li>keys and values are lower-cased; keys over 200 characters are dropped; values over 200
 *       characters are kept as null (they still satisfy "exists");
 *   <li>duplicate (key, value) pairs are kept once;
 *   <li>two keys that differ only in case ({@code spec.foo} and {@code spec.Foo}) are an error, as
 *       in Backstage, where the stitch fails; array-element keys ({@code metadata.tags.Java} and
 *       {@code metadata.tags.java}) are instead kept once.
 * </ul>
 */
public final class SearchIndex {
  /** Longest key kept. */
  public static final int MAX_KEY_LENGTH = 200;

  /** Longest value kept; longer values become null. */
  public static final int MAX_VALUE_LENGTH = 200;

  private static final Set<String> SKIPPED =
      Set.of(
          "attachments",
          "relations",
          "status",
          "metadata.name",
          "metadata.namespace",
          "metadata.uid",
          "metadata.etag");

  private SearchIndex() {}

  /**
   * The search rows of a final entity.
   *
   * @throws InvalidEntityException if two keys of the entity differ only in case
   */
  public static List<SearchRow> rows(Entity entity) {
    Builder b = new Builder();
    JsonNode root = EntityTrees.readOnly(entity); // read only: no copy
    root.forEachEntry((k, v) -> b.visit(k, v));
    b.add("metadata.name", entity.metadata().name());
    b.add("metadata.namespace", entity.metadata().namespace());
    String uid = entity.metadata().uid();
    if (uid != null) {
      b.add("metadata.uid", uid);
    }
    for (Relation r : entity.relations()) {
      b.add("relations." + r.type(), r.targetRef().toString());
    }
    return b.rows;
  }

  /** Lower-cases a key or value the way the index does. */
  public static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** The canonical ref of an entity, lower case; the tie-breaker of every ordering. */
  public static String refKey(EntityRef ref) {
    return ref.toString();
  }

  private static final class Builder {
    final List<SearchRow> rows = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    final Map<String, String> seenLowerKeys = new HashMap<>();

    void visit(String path, JsonNode node) {
      if (SKIPPED.contains(path)) {
        return;
      }
      if (node.isObject()) {
        node.forEachEntry((k, v) -> visit(path + "." + k, v));
      } else if (node.isArray()) {
        for (JsonNode e : node) {
          if (e.isString()) {
            String elementKey = path + "." + e.stringValue();
            if (!seenLowerKeys.containsKey(normalize(elementKey))) {
              add(elementKey, "true");
            }
          }
          visit(path, e);
        }
      } else if (node.isNull()) {
        add(path, null);
      } else if (node.isString()) {
        add(path, node.stringValue());
      } else {
        add(path, node.asString());
      }
    }

    void add(String rawKey, @Nullable String original) {
      if (rawKey.length() > MAX_KEY_LENGTH) {
        return;
      }
      String key = normalize(rawKey);
      String earlier = seenLowerKeys.putIfAbsent(key, rawKey);
      if (earlier != null && !earlier.equals(rawKey)) {
        throw new InvalidEntityException(
            rawKey, "Entity has duplicate keys that vary only in casing, '" + key + "'");
      }
      String orig = original == null || original.length() > MAX_VALUE_LENGTH ? null : original;
      String value = orig == null ? null : normalize(orig);
      if (seen.add(key + '\u0000' + (value == null ? "\u0001" : value))) {
        rows.add(new SearchRow(key, value, orig));
      }
    }
  }
}
