package dev.greenroom.scaffolder.template;

import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code scaffolder.backstage.io/v1beta3} Template, read from a catalog entity or from YAML.
 *
 * <p>Parameters are kept as written (one JSON Schema object, or a list of form steps; {@code ui:*}
 * keys kept for UIs), steps get Backstage's defaults ({@code id = step-<n>}, {@code name = action}),
 * and {@code output} stays unrendered. Only {@code v1beta3} is executable: other apiVersions
 * ({@code backstage.io/v1beta2}, {@code backstage.io/v1alpha1}, ...) are refused with a {@link
 * TemplateException} whose message says "Unsupported apiVersion".
 *
 * <p>Instances are immutable: accessors return copies of JSON trees.
 */
public final class Template {
  /** The only executable apiVersion. */
  public static final String API_VERSION = "scaffolder.backstage.io/v1beta3";

  /** Largest template YAML accepted by {@link #fromYaml}, in bytes. */
  public static final long MAX_YAML_BYTES = 1024 * 1024;

  private final EntityRef ref;
  private final ObjectNode entity;
  private final List<ObjectNode> parameterSteps;
  private final List<TemplateStep> steps;
  private final ObjectNode output;
  private final @Nullable String baseUrl;

  private Template(
      EntityRef ref,
      ObjectNode entity,
      List<ObjectNode> parameterSteps,
      List<TemplateStep> steps,
      ObjectNode output,
      @Nullable String baseUrl) {
    this.ref = ref;
    this.entity = entity;
    this.parameterSteps = parameterSteps;
    this.steps = steps;
    this.output = output;
    this.baseUrl = baseUrl;
  }

  /**
   * Reads a template from a catalog entity.
   *
   * @param entity a {@code Template} entity
   * @param baseUrl the directory the template was read from (relative {@code url} inputs resolve
   *     against it), e.g. {@code file:/repo/templates/demo/} or {@code https://host/o/r/blob/main/t/};
   *     null when relative URLs are not allowed
   * @throws TemplateException when the entity is no v1beta3 Template or is malformed
   */
  public static Template fromEntity(Entity entity, @Nullable String baseUrl) {
    return fromJson(entity.toJson(), baseUrl);
  }

  /**
   * Reads a template from a catalog entity, taking the base URL from its {@code
   * backstage.io/source-location} or {@code backstage.io/managed-by-location} annotation.
   */
  public static Template fromEntity(Entity entity) {
    return fromEntity(entity, baseUrlOf(entity));
  }

  /**
   * Reads a template from YAML text (one document).
   *
   * @param source a name for messages (file path or URL)
   * @param yaml the document
   * @param baseUrl as in {@link #fromEntity(Entity, String)}
   */
  public static Template fromYaml(String source, String yaml, @Nullable String baseUrl) {
    List<RawDocument> docs =
        EntityYamlReader.builder().maxFileBytes(MAX_YAML_BYTES).maxDocuments(1).build()
            .read(source, yaml);
    if (docs.size() != 1) {
      throw new TemplateException(source + ": expected one template document, found " + docs.size());
    }
    return fromJson(docs.get(0).root(), baseUrl, source);
  }

  /** Reads a template from its JSON form (an entity object). */
  public static Template fromJson(JsonNode json, @Nullable String baseUrl) {
    return fromJson(json, baseUrl, null);
  }

  private static Template fromJson(JsonNode json, @Nullable String baseUrl, @Nullable String source) {
    if (!(json instanceof ObjectNode root)) {
      throw new TemplateException(where(source, null) + "a template must be an object");
    }
    ObjectNode copy = root.deepCopy();
    String name = text(copy.path("metadata").get("name"));
    String namespace = text(copy.path("metadata").get("namespace"));
    String label = where(source, name == null ? null
        : "template:" + (namespace == null ? "default" : namespace) + "/" + name);
    String apiVersion = text(copy.get("apiVersion"));
    String kind = text(copy.get("kind"));
    if (!"Template".equals(kind)) {
      throw new TemplateException(label + "kind must be Template, was " + kind);
    }
    if (!API_VERSION.equals(apiVersion)) {
      throw new TemplateException(label + "Unsupported apiVersion field in schema entity, "
          + apiVersion + "; only " + API_VERSION + " templates can be run");
    }
    if (name == null || name.isEmpty()) {
      throw new TemplateException(label + "metadata.name is required");
    }
    EntityRef ref = EntityRef.of("template", namespace == null ? "default" : namespace, name);
    JsonNode spec = copy.get("spec");
    if (!(spec instanceof ObjectNode specObj)) {
      throw new TemplateException(label + "spec must be an object");
    }
    List<ObjectNode> params = new ArrayList<>();
    JsonNode p = specObj.get("parameters");
    if (p instanceof ObjectNode po) {
      params.add(po);
    } else if (p instanceof ArrayNode pa) {
      for (int i = 0; i < pa.size(); i++) {
        if (!(pa.get(i) instanceof ObjectNode po)) {
          throw new TemplateException(label + "spec.parameters[" + i + "] must be an object");
        }
        params.add(po);
      }
    } else if (p != null && !p.isNull()) {
      throw new TemplateException(label + "spec.parameters must be an object or an array");
    }
    JsonNode s = specObj.get("steps");
    if (!(s instanceof ArrayNode sa)) {
      throw new TemplateException(label + "spec.steps must be an array");
    }
    List<TemplateStep> steps = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < sa.size(); i++) {
      if (!(sa.get(i) instanceof ObjectNode so)) {
        throw new TemplateException(label + "spec.steps[" + i + "] must be an object");
      }
      String action = text(so.get("action"));
      if (action == null || action.isEmpty()) {
        throw new TemplateException(label + "spec.steps[" + i + "].action is required");
      }
      for (String f : List.of("id", "name")) {
        if (so.has(f) && !so.get(f).isString()) {
          // Backstage's Template schema: the catalog refuses such an entity
          throw new TemplateException(label + "spec.steps[" + i + "]." + f + " must be a string");
        }
      }
      String id = text(so.get("id"));
      if (id == null || id.isEmpty()) {
        id = "step-" + (i + 1);
      }
      if (!ids.add(id)) {
        throw new TemplateException(label + "spec.steps[" + i + "].id \"" + id + "\" is used twice");
      }
      String stepName = text(so.get("name"));
      JsonNode input = so.get("input");
      if (input != null && !input.isNull() && !input.isObject()) {
        throw new TemplateException(label + "spec.steps[" + i + "].input must be an object");
      }
      JsonNode cond = so.get("if");
      if (cond != null && !(cond.isString() || cond.isBoolean() || cond.isNull())) {
        throw new TemplateException(label + "spec.steps[" + i + "].if must be a string or boolean");
      }
      JsonNode each = so.get("each");
      if (each != null && !(each.isString() || each.isArray() || each.isObject() || each.isNull())) {
        throw new TemplateException(label + "spec.steps[" + i + "].each must be a string, array or object");
      }
      steps.add(new TemplateStep(id, stepName == null || stepName.isEmpty() ? action : stepName,
          action, input instanceof ObjectNode io ? io : Json.object(),
          cond == null || cond.isNull() ? null : cond, each == null || each.isNull() ? null : each,
          so));
    }
    JsonNode out = specObj.get("output");
    if (out != null && !out.isNull() && !out.isObject()) {
      throw new TemplateException(label + "spec.output must be an object");
    }
    return new Template(ref, copy, List.copyOf(params), List.copyOf(steps),
        out instanceof ObjectNode oo ? oo : Json.object(), baseUrl);
  }

  private static String where(@Nullable String source, @Nullable String ref) {
    if (source == null && ref == null) {
      return "Template: ";
    }
    if (source == null) {
      return ref + ": ";
    }
    return source + (ref == null ? "" : " (" + ref + ")") + ": ";
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n != null && n.isString() ? n.asString() : null;
  }

  /**
   * The directory of an entity's source location, from {@code backstage.io/source-location} or
   * {@code backstage.io/managed-by-location} (Backstage's {@code url:} / {@code file:} prefixes
   * removed; {@code file} targets become {@code file:} URIs), or null.
   */
  public static @Nullable String baseUrlOf(Entity entity) {
    String loc = entity.metadata().annotation("backstage.io/source-location");
    if (loc == null) {
      loc = entity.metadata().annotation("backstage.io/managed-by-location");
    }
    if (loc == null) {
      return null;
    }
    if (loc.startsWith("url:")) {
      String u = loc.substring(4);
      return u.endsWith("/") ? u : u.substring(0, u.lastIndexOf('/') + 1);
    }
    if (loc.startsWith("file:")) {
      java.nio.file.Path file = java.nio.file.Path.of(loc.substring(5));
      java.nio.file.Path dir = loc.endsWith("/") ? file : file.getParent();
      return dir == null ? null : dir.toUri().toString();
    }
    return null;
  }

  /** The template's ref, {@code template:<namespace>/<name>}. */
  public EntityRef ref() {
    return ref;
  }

  /** {@code metadata.name}. */
  public String name() {
    return ref.name();
  }

  /** {@code metadata.title}, or the name when absent. */
  public String title() {
    String t = text(entity.path("metadata").get("title"));
    return t == null ? ref.name() : t;
  }

  /** {@code metadata.description}, or null. */
  public @Nullable String description() {
    return text(entity.path("metadata").get("description"));
  }

  /** {@code spec.type}, or null. */
  public @Nullable String type() {
    return text(entity.path("spec").get("type"));
  }

  /** {@code spec.owner}, or null. */
  public @Nullable String owner() {
    return text(entity.path("spec").get("owner"));
  }

  /** The directory relative {@code url} inputs resolve against, or null. */
  public @Nullable String baseUrl() {
    return baseUrl;
  }

  /** A copy of this template with another base URL. */
  public Template withBaseUrl(@Nullable String baseUrl) {
    return new Template(ref, entity, parameterSteps, steps, output, baseUrl);
  }

  /** The whole entity as JSON (a copy). */
  public ObjectNode entity() {
    return entity.deepCopy();
  }

  /** {@code metadata} as JSON (a copy). */
  public ObjectNode metadata() {
    JsonNode m = entity.get("metadata");
    return m instanceof ObjectNode o ? o.deepCopy() : Json.object();
  }

  /**
   * The parameter schemas, one per form step (a single object becomes one step), as written with
   * their {@code ui:*} keys (copies).
   */
  public List<ObjectNode> parameterSteps() {
    List<ObjectNode> out = new ArrayList<>(parameterSteps.size());
    for (ObjectNode o : parameterSteps) {
      out.add(o.deepCopy());
    }
    return out;
  }

  /** The steps, in order. */
  public List<TemplateStep> steps() {
    return steps;
  }

  /** The unrendered {@code spec.output} (a copy; empty when absent). */
  public ObjectNode output() {
    return output.deepCopy();
  }

  /** {@code spec.presentation}, or null. */
  public @Nullable ObjectNode presentation() {
    JsonNode p = entity.path("spec").get("presentation");
    return p instanceof ObjectNode o ? o.deepCopy() : null;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Template t && t.entity.equals(entity) && Objects.equals(t.baseUrl, baseUrl);
  }

  @Override
  public int hashCode() {
    return entity.hashCode();
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
