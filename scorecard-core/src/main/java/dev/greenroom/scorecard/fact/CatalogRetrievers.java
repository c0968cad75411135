package dev.greenroom.scorecard.fact;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationTypes;
import dev.greenroom.catalog.query.EntityPredicate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in retrievers, which read the catalog only. Ids and fact names follow Tech Insights where
 * it has the same retriever ({@code entityOwnershipFactRetriever}, {@code
 * entityMetadataFactRetriever}, {@code techdocsFactRetriever}); the others are Greenroom's.
 *
 * <table>
 *   <caption>Retrievers and their facts</caption>
 *   <tr><th>id</th><th>facts</th></tr>
 *   <tr><td>entityOwnershipFactRetriever</td><td>hasOwner, hasGroupOwner, ownerExists (boolean)</td></tr>
 *   <tr><td>entityMetadataFactRetriever</td><td>hasTitle, hasDescription, hasTags (boolean),
 *       tags (set), lifecycle (string)</td></tr>
 *   <tr><td>techdocsFactRetriever</td><td>hasAnnotationBackstageIoTechdocsRef,
 *       hasAnnotationBackstageIoTechdocsEntity (boolean)</td></tr>
 *   <tr><td>entityAnnotationsFactRetriever</td><td>hasAnnotation&lt;Key&gt; per configured key
 *       (boolean), hasOnCall (boolean: any on-call key present)</td></tr>
 *   <tr><td>entityRelationsFactRetriever</td><td>relationCount, dependsOnCount,
 *       dependencyOfCount (integer)</td></tr>
 *   <tr><td>docsFreshnessFactRetriever</td><td>docsUpdatedAt (datetime), docsAgeDays
 *       (integer)</td></tr>
 * </table>
 */
public final class CatalogRetrievers {
  /** The annotations that name an on-call rotation. */
  public static final List<String> ON_CALL_ANNOTATIONS =
      List.of(
          "pagerduty.com/integration-key",
          "pagerduty.com/service-id",
          "opsgenie.com/component-selector",
          "opsgenie.com/team",
          "greenroom.dev/on-call");

  /** The annotation the default docs-freshness source reads: an ISO-8601 instant. */
  public static final String DOCS_UPDATED_ANNOTATION = "greenroom.dev/docs-updated-at";

  private CatalogRetrievers() {}

  /** Every built-in retriever with its defaults. */
  public static List<FactRetriever> all() {
    return List.of(
        ownership(),
        metadata(),
        techdocs(),
        annotations(ON_CALL_ANNOTATIONS),
        relations(),
        docsFreshness(e -> annotationInstant(e, DOCS_UPDATED_ANNOTATION)));
  }

  /** hasOwner, hasGroupOwner, ownerExists. */
  public static FactRetriever ownership() {
    return new Simple(
        "entityOwnershipFactRetriever",
        "Entity ownership",
        List.of(
            FactField.of("hasOwner", FactType.BOOLEAN, "spec.owner is set"),
            FactField.of("hasGroupOwner", FactType.BOOLEAN, "spec.owner names a Group"),
            FactField.of("ownerExists", FactType.BOOLEAN, "spec.owner names an entity in the catalog")),
        ctx -> {
          Map<EntityRef, Boolean> exists = new HashMap<>();
          return (e, out) -> {
            EntityRef owner = ownerOf(e);
            out.put("hasOwner", owner != null);
            out.put("hasGroupOwner", owner != null && owner.isKind("group"));
            out.put(
                "ownerExists",
                owner != null
                    && exists.computeIfAbsent(owner, r -> ctx.catalog().entity(r).isPresent()));
          };
        });
  }

  /** hasTitle, hasDescription, hasTags, tags, lifecycle. */
  public static FactRetriever metadata() {
    return new Simple(
        "entityMetadataFactRetriever",
        "Entity metadata",
        List.of(
            FactField.of("hasTitle", FactType.BOOLEAN, "metadata.title is set"),
            FactField.of("hasDescription", FactType.BOOLEAN, "metadata.description is set"),
            FactField.of("hasTags", FactType.BOOLEAN, "metadata.tags is not empty"),
            FactField.of("tags", FactType.SET, "metadata.tags"),
            FactField.of("lifecycle", FactType.STRING, "spec.lifecycle")),
        ctx ->
            (e, out) -> {
              out.put("hasTitle", notBlank(e.metadata().title()));
              out.put("hasDescription", notBlank(e.metadata().description()));
              out.put("hasTags", !e.metadata().tags().isEmpty());
              ArrayNode tags = out.putArray("tags");
              e.metadata().tags().forEach(tags::add);
              String lc = e.hasSpec() ? e.specString("lifecycle") : null;
              if (lc == null) {
                out.putNull("lifecycle");
              } else {
                out.put("lifecycle", lc);
              }
            });
  }

  /** The TechDocs annotations, named as Tech Insights names them. */
  public static FactRetriever techdocs() {
    List<String> keys = List.of("backstage.io/techdocs-ref", "backstage.io/techdocs-entity");
    List<FactField> fields = new ArrayList<>();
    for (String k : keys) {
      fields.add(FactField.of(annotationFactName(k), FactType.BOOLEAN, "annotation " + k + " is set"));
    }
    return new Simple(
        "techdocsFactRetriever",
        "TechDocs annotations",
        fields,
        ctx ->
            (e, out) -> {
              for (String k : keys) {
                out.put(annotationFactName(k), notBlank(e.metadata().annotation(k)));
              }
            });
  }

  /**
   * Presence of each annotation key ({@code hasAnnotation<Key>}), and {@code hasOnCall}: any of
   * {@link #ON_CALL_ANNOTATIONS} present.
   */
  public static FactRetriever annotations(List<String> keys) {
    List<FactField> fields = new ArrayList<>();
    List<String> all = new ArrayList<>(keys);
    for (String k : ON_CALL_ANNOTATIONS) {
      if (!all.contains(k)) {
        all.add(k);
      }
    }
    for (String k : all) {
      fields.add(FactField.of(annotationFactName(k), FactType.BOOLEAN, "annotation " + k + " is set"));
    }
    fields.add(
        FactField.of(
            "hasOnCall",
            FactType.BOOLEAN,
            "an on-call annotation is set (" + String.join(", ", ON_CALL_ANNOTATIONS) + ")"));
    return new Simple(
        "entityAnnotationsFactRetriever",
        "Entity annotations",
        fields,
        ctx ->
            (e, out) -> {
              boolean onCall = false;
              for (String k : all) {
                boolean has = notBlank(e.metadata().annotation(k));
                out.put(annotationFactName(k), has);
                if (has && ON_CALL_ANNOTATIONS.contains(k)) {
                  onCall = true;
                }
              }
              out.put("hasOnCall", onCall);
            });
  }

  /** Number of relations, and of dependsOn / dependencyOf relations. */
  public static FactRetriever relations() {
    return new Simple(
        "entityRelationsFactRetriever",
        "Entity relations",
        List.of(
            FactField.of("relationCount", FactType.INTEGER, "number of relations"),
            FactField.of("dependsOnCount", FactType.INTEGER, "number of dependsOn relations"),
            FactField.of("dependencyOfCount", FactType.INTEGER, "number of dependencyOf relations")),
        ctx ->
            (e, out) -> {
              int deps = 0;
              int dependents = 0;
              for (Relation r : e.relations()) {
                if (r.type().equals(RelationTypes.DEPENDS_ON)) {
                  deps++;
                } else if (r.type().equals(RelationTypes.DEPENDENCY_OF)) {
                  dependents++;
                }
              }
              out.put("relationCount", e.relations().size());
              out.put("dependsOnCount", deps);
              out.put("dependencyOfCount", dependents);
            });
  }

  /**
   * When the entity's documentation was last built or changed, from {@code source} (for example a
   * TechDocs build timestamp); entities without TechDocs or without a time get null facts.
   */
  public static FactRetriever docsFreshness(Function<Entity, Optional<Instant>> source) {
    return new Simple(
        "docsFreshnessFactRetriever",
        "Documentation freshness",
        List.of(
            FactField.of("docsUpdatedAt", FactType.DATETIME, "when the docs were last updated"),
            FactField.of("docsAgeDays", FactType.INTEGER, "whole days since the docs were last updated")),
        ctx ->
            (e, out) -> {
              Optional<Instant> t = source.apply(e);
              if (t.isEmpty()) {
                out.putNull("docsUpdatedAt");
                out.putNull("docsAgeDays");
              } else {
                out.put("docsUpdatedAt", t.get().toString());
                out.put("docsAgeDays", Duration.between(t.get(), ctx.clock().instant()).toDays());
              }
            });
  }

  /** An annotation read as an ISO-8601 instant. */
  public static Optional<Instant> annotationInstant(Entity e, String key) {
    String v = e.metadata().annotation(key);
    return v == null ? Optional.empty() : Optional.ofNullable(FactType.parseInstant(v.strip()));
  }

  /**
   * Tech Insights' fact name for an annotation: {@code backstage.io/techdocs-ref} becomes {@code
   * hasAnnotationBackstageIoTechdocsRef}.
   */
  public static String annotationFactName(String key) {
    StringBuilder sb = new StringBuilder("hasAnnotation");
    for (String part : key.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return sb.toString();
  }

  /** The owner named by {@code spec.owner} (default kind Group), or null. */
  public static @Nullable EntityRef ownerOf(Entity e) {
    for (Relation r : e.relations()) {
      if (r.type().equals(RelationTypes.OWNED_BY)) {
        return r.targetRef();
      }
    }
    String owner = e.hasSpec() ? e.specString("owner") : null;
    if (owner == null || owner.isBlank()) {
      return null;
    }
    try {
      return EntityRef.parse(owner, "group", e.metadata().namespace());
    } catch (InvalidEntityRefException ex) {
      return null;
    }
  }

  private static boolean notBlank(@Nullable String s) {
    return s != null && !s.isBlank();
  }

  /** A retriever that visits the matching entities and fills one object per entity. */
  private static final class Simple implements FactRetriever {
    private final String id;
    private final String title;
    private final List<FactField> fields;
    private final Function<FactRetrieverContext, BiConsumer<Entity, ObjectNode>> visitor;

    Simple(
        String id,
        String title,
        List<FactField> fields,
        Function<FactRetrieverContext, BiConsumer<Entity, ObjectNode>> visitor) {
      this.id = id;
      this.title = title;
      this.fields = List.copyOf(fields);
      this.visitor = visitor;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public String title() {
      return title;
    }

    @Override
    public EntityPredicate entityFilter() {
      return EntityPredicate.matchAll();
    }

    @Override
    public List<FactField> schema() {
      return fields;
    }

    @Override
    public List<RetrievedFacts> handler(FactRetrieverContext ctx) {
      BiConsumer<Entity, ObjectNode> v = visitor.apply(ctx);
      List<RetrievedFacts> out = new ArrayList<>();
      ctx.catalog()
          .forEach(
              ctx.entityFilter(),
              null,
              e -> {
                ObjectNode o = Json.object();
                v.accept(e, o);
                out.add(RetrievedFacts.of(e.ref(), o));
              });
      return out;
    }
  }
}
