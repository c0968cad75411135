package dev.greenroom.search;

import dev.greenroom.catalog.model.EntityRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One document a collator hands to the index, as Backstage's {@code IndexableDocument}: {@code
 * title}, {@code text}, {@code location} and further fields (the catalog's {@code kind}, {@code
 * owner}, TechDocs' {@code path}, ...), which are searched, usable in {@code filters[...]} and
 * answered as they are.
 *
 * @param title the title shown in results
 * @param text the body text
 * @param location where the frontend links to: a path of the app ({@code /catalog/default/component/x})
 *     or an {@code http(s)} URL; documents with another protocol are not indexed
 * @param entityRef the entity the document belongs to (Backstage's {@code authorization.resourceRef}):
 *     results the caller may not read are dropped; null for documents anyone may see
 * @param fields the other fields, in the order they are answered; names must not be {@code title},
 *     {@code text}, {@code location} or {@code authorization}
 */
public record IndexableDocument(
    String title, String text, String location, @Nullable EntityRef entityRef, Map<String, String> fields) {
  public IndexableDocument {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(location, "location");
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String k = Objects.requireNonNull(e.getKey(), "field name");
      if (k.equals("title") || k.equals("text") || k.equals("location") || k.equals("authorization")) {
        throw new IllegalArgumentException("field '" + k + "' is a document's own; pass it as the record component");
      }
      copy.put(k, Objects.requireNonNull(e.getValue(), () -> "value of field " + k));
    }
    fields = Collections.unmodifiableMap(copy);
  }
}
