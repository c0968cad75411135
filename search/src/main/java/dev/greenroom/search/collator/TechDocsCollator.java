package dev.greenroom.search.collator;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.search.DocumentCollator;
import dev.greenroom.search.IndexableDocument;
import dev.greenroom.search.SearchException;
import dev.greenroom.techdocs.TechDocs;
import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.source.DocsRefResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Backstage's {@code DefaultTechDocsCollator} (type {@code techdocs}): for each entity with {@code
 * backstage.io/techdocs-ref} whose site is published, one document per entry of its {@code
 * search/search_index.json}. Fields: {@code title}, {@code text}, {@code location} ({@code
 * /docs/:namespace/:kind/:name/:path}, lower-cased entity parts), {@code path}, {@code kind},
 * {@code namespace}, {@code name}, {@code entityTitle} (when the entity has a title), {@code
 * componentType}, {@code lifecycle}, {@code owner} (the owner's name); the entity ref as its
 * authorization. Entities whose docs are not built yet have no documents until a build.
 */
public final class TechDocsCollator implements DocumentCollator {
  /** Backstage's type name. */
  public static final String TYPE = "techdocs";

  private final TechDocs techdocs;
  private final Catalog catalog;

  /** A collator over the published sites of {@code techdocs} for the entities of {@code catalog}. */
  public TechDocsCollator(TechDocs techdocs, Catalog catalog) {
    this.techdocs = Objects.requireNonNull(techdocs, "techdocs");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void collateAll(Consumer<IndexableDocument> sink) {
    catalog.forEach(
        EntityPredicate.exists("metadata.annotations." + DocsRefResolver.TECHDOCS_REF, true),
        null,
        e -> collate(e).forEach(sink));
  }

  @Override
  public List<IndexableDocument> collate(Entity entity) {
    if (entity.metadata().annotation(DocsRefResolver.TECHDOCS_REF) == null) {
      return List.of();
    }
    Optional<byte[]> index = techdocs.file(entity.ref(), GeneratedSite.SEARCH_INDEX_FILE);
    if (index.isEmpty()) {
      return List.of();
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(index.get());
    } catch (JacksonException e) {
      throw new SearchException("The docs search index of " + entity.ref() + " ("
          + GeneratedSite.SEARCH_INDEX_FILE + ") is not JSON: " + e.getOriginalMessage(),
          TYPE, entity.ref().toString(), e);
    }
    var m = entity.metadata();
    String ns = m.namespace().toLowerCase(Locale.ROOT);
    String kind = entity.kind().toLowerCase(Locale.ROOT);
    String name = m.name().toLowerCase(Locale.ROOT);
    String type = entity.specString("type");
    String lifecycle = entity.specString("lifecycle");
    String owner = entity.specString("owner");
    if (owner != null) {
      owner = owner.substring(Math.max(owner.lastIndexOf(':'), owner.lastIndexOf('/')) + 1);
    }
    List<IndexableDocument> docs = new ArrayList<>();
    for (JsonNode d : tree.path("docs")) {
      String path = d.path("location").asString("");
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("path", path);
      fields.put("kind", kind);
      fields.put("namespace", ns);
      fields.put("name", name);
      if (m.title() != null) {
        fields.put("entityTitle", m.title());
      }
      fields.put("componentType", type == null || type.isEmpty() ? "other" : type);
      fields.put("lifecycle", lifecycle == null ? "" : lifecycle);
      fields.put("owner", owner == null ? "" : owner);
      docs.add(new IndexableDocument(
          d.path("title").asString(""),
          d.path("text").asString(""),
          "/docs/" + ns + "/" + kind + "/" + name + "/" + path,
          entity.ref(),
          fields));
    }
    return docs;
  }

  @Override
  public boolean collatesEntities() {
    return true;
  }
}
