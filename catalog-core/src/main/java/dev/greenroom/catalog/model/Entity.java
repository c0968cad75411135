package dev.greenroom.catalog.model;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.internal.EntityTrees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One catalog entity: the Backstage envelope {@code apiVersion}, {@code kind}, {@code metadata},
 * {@code spec}, and the output-only {@code relations} and {@code status}.
 *
 * <p>Immutable. The whole document is kept as a JSON tree in its original key order, so fields this
 * class does not know about (custom {@code metadata} keys, every {@code spec} field) survive a
 * round trip unchanged. Accessors return copies or immutable views; {@code with...} methods return
 * new entities. Since no tree is ever changed after construction, a derived entity shares with its
 * source every part it did not change: {@code withUid} makes a new root and a new {@code metadata}
 * object and copies nothing else; only {@link #edit} copies the whole tree (once).
 *
 * <p>{@link #fromJson(JsonNode)} checks only what every entity must have to be addressed: string
 * {@code apiVersion} and {@code kind}, and an object {@code metadata} with a string {@code name}.
 * Backstage's full rules are applied by {@code dev.greenroom.catalog.validation.EntityValidator}.
 */
public final class Entity {
  // Either the tree or the text is set at construction. An entity read back from a store keeps
  // only the text the store holds and parses it on first use, so streaming stored entities
  // straight out (GET /entities of a whole catalog) never builds a tree. The tree is volatile so
  // that a tree parsed by one thread is seen whole by another; the text, the ref and the metadata
  // view are immutable values whose racy caching at worst computes them twice.
  private volatile @Nullable ObjectNode json;
  private @Nullable EntityRef ref;
  private @Nullable EntityMetadata metadata;
  private @Nullable String text;
  private @Nullable String hash;

  static {
    EntityTrees.install(
        new EntityTrees.Access() {
          @Override
          public ObjectNode tree(Entity entity) {
            return entity.tree();
          }

          @Override
          public Entity adopt(ObjectNode tree) {
            checkEnvelope(tree);
            return new Entity(tree);
          }
        });
  }

  private Entity(ObjectNode json) {
    this.json = json;
    this.ref = refOf(json);
  }

  private Entity(String storedText) {
    this.text = storedText;
  }

  private static EntityRef refOf(ObjectNode json) {
    JsonNode meta = json.get("metadata");
    String namespace = stringOrNull(meta.get("namespace"));
    return EntityRef.of(
        json.get("kind").stringValue(),
        namespace == null || namespace.isEmpty() ? EntityRef.DEFAULT_NAMESPACE : namespace,
        meta.get("name").stringValue());
  }

  private ObjectNode tree() {
    ObjectNode t = json;
    if (t == null) {
      JsonNode node = Json.parse(text);
      checkEnvelope(node);
      t = (ObjectNode) node;
      json = t;
    }
    return t;
  }

  /**
   * An entity from a JSON tree, which is copied.
   *
   * @throws InvalidEntityException if the tree lacks the envelope every entity needs
   */
  public static Entity fromJson(JsonNode node) {
    checkEnvelope(node);
    return new Entity(((ObjectNode) node).deepCopy());
  }

  private static void checkEnvelope(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidEntityException("", "Expected object at root, got " + Json.typeName(node));
    }
    requireString(node, "apiVersion", "apiVersion");
    requireString(node, "kind", "kind");
    JsonNode meta = node.get("metadata");
    if (meta == null || !meta.isObject()) {
      throw new InvalidEntityException("metadata", "metadata must be an object");
    }
    requireString(meta, "name", "metadata.name");
    JsonNode ns = meta.get("namespace");
    if (ns != null && !ns.isNull() && !ns.isString()) {
      throw new InvalidEntityException("metadata.namespace", "metadata.namespace must be a string");
    }
  }

  /** An entity from JSON text (the parsed tree is used as is: no one else holds it). */
  public static Entity fromJson(String jsonText) {
    JsonNode node = Json.parse(jsonText);
    checkEnvelope(node);
    return new Entity((ObjectNode) node);
  }

  /**
   * An entity from JSON text that a store wrote earlier from {@link #toJsonString()}: the text is
   * kept and parsed only when the entity is first looked into, and {@link #toJsonString()} answers
   * it as stored. For stores; input from outside goes through {@link #fromJson(String)}, which
   * checks the envelope at once.
   *
   * @throws InvalidEntityException on first use, if the stored text is not an entity after all
   */
  public static Entity fromStoredJson(String storedText) {
    return new Entity(java.util.Objects.requireNonNull(storedText, "storedText"));
  }

  private static void requireString(JsonNode parent, String key, String field) {
    JsonNode v = parent.get(key);
    if (v == null || !v.isString() || v.stringValue().isEmpty()) {
      throw new InvalidEntityException(field, field + " must be a non-empty string");
    }
  }

  private static @Nullable String stringOrNull(@Nullable JsonNode n) {
    return n != null && n.isString() ? n.stringValue() : null;
  }

  /** The reference of this entity; the namespace is {@code default} when metadata names none. */
  public EntityRef ref() {
    EntityRef r = ref;
    if (r == null) {
      r = refOf(tree());
      ref = r;
    }
    return r;
  }

  /** The {@code apiVersion}, for example {@code backstage.io/v1alpha1}. */
  public String apiVersion() {
    return tree().get("apiVersion").stringValue();
  }

  /** The {@code kind} as written, for example {@code Component}. */
  public String kind() {
    return tree().get("kind").stringValue();
  }

  /** True if the kind is {@code kind}, ignoring case. */
  public boolean isKind(String kind) {
    return kind().equalsIgnoreCase(kind);
  }

  /** A typed, immutable view of {@code metadata}. */
  public EntityMetadata metadata() {
    EntityMetadata m = metadata;
    if (m == null) {
      m = EntityMetadata.of((ObjectNode) tree().get("metadata"));
      metadata = m;
    }
    return m;
  }

  /** A copy of {@code spec}, or an empty object if the entity has none. */
  public ObjectNode spec() {
    JsonNode spec = tree().get("spec");
    return spec != null && spec.isObject() ? ((ObjectNode) spec).deepCopy() : Json.object();
  }

  /** True if the entity has a {@code spec} object. */
  public boolean hasSpec() {
    JsonNode spec = tree().get("spec");
    return spec != null && spec.isObject();
  }

  /**
   * A read of one value under {@code spec} by dotted path ({@code "profile.email"}), or a missing
   * node. The node is a copy.
   */
  public JsonNode specValue(String dottedPath) {
    JsonNode node = tree().get("spec");
    for (String part : dottedPath.split("\\.")) {
      if (node == null || !node.isObject()) {
        return MissingNode.getInstance();
      }
      node = node.get(part);
    }
    return node == null ? MissingNode.getInstance() : node.deepCopy();
  }

  /** A string field of {@code spec}, or null when absent or not a string. */
  public @Nullable String specString(String field) {
    JsonNode spec = tree().get("spec");
    return spec == null ? null : stringOrNull(spec.get(field));
  }

  /**
   * The string values of a {@code spec} field that holds a string or a list of strings; other
   * values are skipped. Empty when absent.
   */
  public List<String> specStrings(String field) {
    JsonNode spec = tree().get("spec");
    JsonNode v = spec == null ? null : spec.get(field);
    if (v == null) {
      return List.of();
    }
    if (v.isString()) {
      return List.of(v.stringValue());
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode e : v) {
        if (e.isString()) {
          out.add(e.stringValue());
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The stitched relations, in their stored order; empty if none. */
  public List<Relation> relations() {
    JsonNode rel = tree().get("relations");
    if (rel == null || !rel.isArray()) {
      return List.of();
    }
    List<Relation> out = new ArrayList<>(rel.size());
    for (JsonNode r : rel) {
      JsonNode type = r.get("type");
      JsonNode target = r.get("targetRef");
      if (type != null && type.isString() && target != null && target.isString()) {
        out.add(new Relation(type.stringValue(), EntityRef.parse(target.stringValue())));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The {@code status.items} entries; empty if none. */
  public List<StatusItem> statusItems() {
    JsonNode items = tree().path("status").path("items");
    if (!items.isArray()) {
      return List.of();
    }
    List<StatusItem> out = new ArrayList<>();
    for (JsonNode i : items) {
      if (i.isObject()) {
        out.add(StatusItem.fromJson((ObjectNode) i));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** A copy of the whole entity as a JSON tree. */
  public ObjectNode toJson() {
    return tree().deepCopy();
  }

  /** The entity as compact JSON text (cached: entities are immutable). */
  public String toJsonString() {
    String t = text;
    if (t == null) {
      t = Json.write(tree());
      text = t;
    }
    return t;
  }

  /** Lower-case hex SHA-1 of the entity's stable JSON (keys sorted); computed once. */
  public String contentHash() {
    String h = hash;
    if (h == null) {
      h = Json.sha1Hex(Json.stableWrite(tree()));
      hash = h;
    }
    return h;
  }

  /**
   * A new entity made by editing a copy of this one's tree: the tree is copied once, and the
   * edited copy becomes the new entity's tree. The edit must keep the envelope valid.
   *
   * @throws InvalidEntityException if the edited tree lacks the envelope
   */
  public Entity edit(Consumer<ObjectNode> edit) {
    ObjectNode copy = tree().deepCopy();
    edit.accept(copy);
    checkEnvelope(copy);
    return new Entity(copy);
  }

  /** A new root object sharing this entity's members. */
  private ObjectNode newRoot() {
    return EntityTrees.shallow(tree());
  }

  /** A new root whose {@code metadata} is a new object too; both share the members below. */
  private ObjectNode newRootAndMetadata() {
    ObjectNode root = newRoot();
    root.set("metadata", EntityTrees.shallow((ObjectNode) root.get("metadata")));
    return root;
  }

  /** A copy with {@code metadata.uid} set. */
  public Entity withUid(String uid) {
    ObjectNode copy = newRootAndMetadata();
    ((ObjectNode) copy.get("metadata")).put("uid", uid);
    return new Entity(copy);
  }

  /** A copy with {@code metadata.etag} set. */
  public Entity withEtag(String etag) {
    ObjectNode copy = newRootAndMetadata();
    ((ObjectNode) copy.get("metadata")).put("etag", etag);
    return new Entity(copy);
  }

  /** A copy with {@code metadata.namespace} set to {@code default} when it is missing or empty. */
  public Entity withDefaultNamespace() {
    String ns = stringOrNull(tree().get("metadata").get("namespace"));
    if (ns != null && !ns.isEmpty()) {
      return this;
    }
    ObjectNode copy = newRootAndMetadata();
    ((ObjectNode) copy.get("metadata")).put("namespace", EntityRef.DEFAULT_NAMESPACE);
    return new Entity(copy);
  }

  /** A copy with one annotation set. */
  public Entity withAnnotation(String key, String value) {
    return withAnnotations(Map.of(key, value));
  }

  /**
   * A copy with these annotations set, in the map's order: an existing key keeps its place, a new
   * one is added at the end. A {@code metadata.annotations} that is not an object is replaced.
   */
  public Entity withAnnotations(Map<String, String> annotations) {
    ObjectNode copy = newRootAndMetadata();
    ObjectNode meta = (ObjectNode) copy.get("metadata");
    ObjectNode a =
        meta.get("annotations") instanceof ObjectNode o ? EntityTrees.shallow(o) : Json.object();
    meta.set("annotations", a);
    annotations.forEach(a::put);
    return new Entity(copy);
  }

  /**
   * True if some object key anywhere in the entity passes {@code test}: a read of the whole tree
   * that copies nothing (a processor that rewrites only entities with keys of its own, such as
   * {@code $text} placeholders, asks this before copying).
   */
  public boolean anyKey(Predicate<String> test) {
    return anyKey(tree(), test);
  }

  private static boolean anyKey(JsonNode node, Predicate<String> test) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (test.test(e.getKey()) || anyKey(e.getValue(), test)) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (anyKey(item, test)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A copy whose {@code relations} are exactly {@code relations}, in that order. */
  public Entity withRelations(List<Relation> relations) {
    ObjectNode copy = newRoot();
    ArrayNode arr = copy.putArray("relations");
    for (Relation r : relations) {
      arr.addObject().put("type", r.type()).put("targetRef", r.targetRef().toString());
    }
    return new Entity(copy);
  }

  /** A copy without {@code relations} and {@code status}: the entity as a source file holds it. */
  public Entity withoutOutputFields() {
    if (!tree().has("relations") && !tree().has("status")) {
      return this;
    }
    ObjectNode copy = newRoot();
    copy.remove("relations");
    copy.remove("status");
    return new Entity(copy);
  }

  /**
   * A copy whose {@code status.items} are {@code items}; the {@code status} key is dropped when the
   * list is empty and the status holds nothing else.
   */
  public Entity withStatusItems(List<StatusItem> items) {
    ObjectNode copy = newRoot();
    if (copy.get("status") instanceof ObjectNode s) {
      copy.set("status", EntityTrees.shallow(s));
    }
    if (items.isEmpty()) {
      JsonNode status = copy.get("status");
      if (status instanceof ObjectNode s) {
        s.remove("items");
        if (s.isEmpty()) {
          copy.remove("status");
        }
      }
    } else {
      ArrayNode arr = copy.withObjectProperty("status").putArray("items");
      for (StatusItem i : items) {
        arr.add(i.toJson());
      }
    }
    return new Entity(copy);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Entity other && tree().equals(other.tree());
  }

  @Override
  public int hashCode() {
    return tree().hashCode();
  }

  /** The canonical reference, for logs; use {@link #toJsonString()} for the document. */
  @Override
  public String toString() {
    return ref().toString();
  }

  /** The kind in lower case, as used in refs and database keys. */
  public String kindLowerCase() {
    return kind().toLowerCase(Locale.ROOT);
  }
}
