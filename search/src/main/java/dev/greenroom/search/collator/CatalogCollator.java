package dev.greenroom.search.collator;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.search.DocumentCollator;
import dev.greenroom.search.IndexableDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's {@code DefaultCatalogCollator} (type {@code software-catalog}): one document per
 * entity, templates included (the scaffolder's templates are found as {@code kind: Template}
 * documents, as in Backstage). Fields: {@code title} (metadata title or name), {@code location}
 * ({@code /catalog/:namespace/:kind/:name}), {@code text} (the description; for users and groups
 * also the profile's display name, joined with {@code " : "}), {@code componentType} and {@code
 * type} ({@code spec.type} or {@code other}), {@code namespace}, {@code kind}, {@code lifecycle},
 * {@code owner}; the entity ref as its authorization.
 */
public final class CatalogCollator implements DocumentCollator {
  /** Backstage's type name. */
  public static final String TYPE = "software-catalog";

  private final Catalog catalog;

  /** A collator over every entity of {@code catalog}. */
  public CatalogCollator(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void collateAll(Consumer<IndexableDocument> sink) {
    catalog.forEach(EntityPredicate.matchAll(), null, e -> sink.accept(document(e)));
  }

  @Override
  public List<IndexableDocument> collate(Entity entity) {
    return List.of(document(entity));
  }

  @Override
  public boolean collatesEntities() {
    return true;
  }

  /** The document Backstage's collator makes of {@code entity}. */
  public static IndexableDocument document(Entity entity) {
    var m = entity.metadata();
    String text = m.description() == null ? "" : m.description();
    if (entity.isKind("User") || entity.isKind("Group")) {
      var dn = entity.specValue("profile.displayName");
      if (dn.isString() && !dn.stringValue().isEmpty()) {
        text = text + " : " + dn.stringValue();
      }
    }
    String type = orElse(entity.specString("type"), "other");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("componentType", type);
    fields.put("type", type);
    fields.put("namespace", m.namespace());
    fields.put("kind", entity.kind());
    fields.put("lifecycle", orElse(entity.specString("lifecycle"), ""));
    fields.put("owner", orElse(entity.specString("owner"), ""));
    String title = m.title() == null || m.title().isBlank() ? m.name() : m.title();
    String location = "/catalog/" + m.namespace() + "/" + entity.kind() + "/" + m.name();
    return new IndexableDocument(title, text, location, entity.ref(), fields);
  }

  private static String orElse(@Nullable String v, String fallback) {
    return v == null || v.isEmpty() ? fallback : v;
  }
}
