package dev.greenroom.catalog.test;

import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.validation.ValidationProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A set of catalog files after validation: every document's outcome, and the valid entities with
 * the relations Backstage's built-in kinds processor gives them (both directions, as stitched:
 * an entity carries every relation whose source it is, targets need not exist).
 *
 * <p>When two documents declare the same entity ref, the first (in file order) wins, as Backstage
 * keeps the entity from the location that claimed it first; {@link #duplicates()} lists the rest.
 */
public final class LoadedCatalog {
  private final List<Path> files;
  private final List<CheckedDocument> documents;
  private final Map<EntityRef, Entity> entities = new LinkedHashMap<>();
  private final Map<EntityRef, CheckedDocument> origins = new LinkedHashMap<>();
  private final List<CheckedDocument> duplicates = new ArrayList<>();
  private final List<SpecReference> references = new ArrayList<>();

  /** A catalog of these documents (read from {@code files}). */
  public LoadedCatalog(List<Path> files, List<CheckedDocument> documents) {
    this.files = List.copyOf(files);
    this.documents = List.copyOf(documents);
    Map<EntityRef, TreeSet<Relation>> relations = new LinkedHashMap<>();
    for (CheckedDocument d : documents) {
      Entity e = d.entity();
      if (e == null) {
        continue;
      }
      if (origins.containsKey(e.ref())) {
        duplicates.add(d);
        continue;
      }
      origins.put(e.ref(), d);
      entities.put(e.ref(), e);
      relations.computeIfAbsent(e.ref(), k -> new TreeSet<>());
    }
    for (Entity e : entities.values()) {
      for (RelationEdge edge : BuiltinRelations.of(e)) {
        if (entities.containsKey(edge.source())) {
          relations.get(edge.source()).add(edge.asRelation());
        }
      }
      collectReferences(e, origins.get(e.ref()));
    }
    relations.forEach((ref, rels) -> entities.put(ref, entities.get(ref).withRelations(List.copyOf(rels))));
  }

  private void collectReferences(Entity e, CheckedDocument doc) {
    for (BuiltinRelations.Rule rule : BuiltinRelations.RULES) {
      if (!rule.kind().equals(e.kind())) {
        continue;
      }
      JsonNode v = e.specValue(rule.field());
      String base = "spec." + rule.field();
      List<JsonNode> values = new ArrayList<>();
      if (v.isArray()) {
        v.forEach(values::add);
      } else {
        values.add(v);
      }
      for (int i = 0; i < values.size(); i++) {
        if (!values.get(i).isString()) {
          continue;
        }
        String field = v.isArray() ? base + "." + sourceIndex(doc, rule.field(), values.get(i), i) : base;
        try {
          EntityRef target = EntityRef.parse(values.get(i).stringValue(), rule.defaultKind(),
              e.ref().namespace());
          references.add(new SpecReference(e.ref(), field, rule.forward(), target, doc.file(),
              doc.lineOf(field)));
        } catch (InvalidEntityRefException ignored) {
          // the validator already rejects such documents (checkRelations)
        }
      }
    }
  }

  /**
   * The index of {@code value} in the array as written (pre-processing sorts some spec arrays, so
   * the index in the entity may differ from the line's).
   */
  private static int sourceIndex(CheckedDocument doc, String field, JsonNode value, int fallback) {
    if (doc.raw() != null && doc.raw().root().path("spec").path(field) instanceof ArrayNode arr) {
      for (int j = 0; j < arr.size(); j++) {
        if (arr.get(j).equals(value)) {
          return j;
        }
      }
    }
    return fallback;
  }

  /** The files read, sorted. */
  public List<Path> files() {
    return files;
  }

  /** Every document's outcome, in file order. */
  public List<CheckedDocument> documents() {
    return documents;
  }

  /** The documents that are not valid entities. */
  public List<CheckedDocument> invalidDocuments() {
    return documents.stream().filter(d -> !d.valid()).toList();
  }

  /** Every problem of every document. */
  public List<ValidationProblem> problems() {
    return documents.stream().flatMap(d -> d.problems().stream()).toList();
  }

  /** The valid entities, with relations, in file order. */
  public Collection<Entity> entities() {
    return entities.values();
  }

  /** One entity, by ref. */
  public Optional<Entity> entity(EntityRef ref) {
    return Optional.ofNullable(entities.get(ref));
  }

  /** One entity, by ref text ({@code component:default/foo}, or {@code component:foo}). */
  public Optional<Entity> entity(String ref) {
    return entity(EntityRef.parse(ref));
  }

  /** The document an entity came from. */
  public Optional<CheckedDocument> origin(EntityRef ref) {
    return Optional.ofNullable(origins.get(ref));
  }

  /** Valid documents whose ref an earlier document already declared. */
  public List<CheckedDocument> duplicates() {
    return List.copyOf(duplicates);
  }

  /** Every reference made through a built-in spec field, in file order. */
  public List<SpecReference> references() {
    return List.copyOf(references);
  }

  /** References whose target is not an entity of this catalog. */
  public List<SpecReference> danglingReferences() {
    return references.stream().filter(r -> !entities.containsKey(r.target())).toList();
  }
}
