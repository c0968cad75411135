package dev.greenroom.catalog.validation;

import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.model.internal.EntityTrees;
import dev.greenroom.catalog.validation.internal.AjvErrors.AjvError;
import dev.greenroom.catalog.validation.internal.CompiledSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates raw catalog documents as Backstage's catalog backend does, and reports problems with
 * both a readable message and Backstage's exact error text.
 *
 * <p>Design note. The steps and their order follow Backstage's ingestion and processing
 * orchestrator (catalog.md 5.3), one document at a time:
 *
 * <ol>
 *   <li>the root must be an object ({@code Error: Expected object at root, got <type>});
 *   <li>the coarse EntityEnvelope schema ({@code TypeError: <ajv error>});
 *   <li>{@code metadata.annotations}, when truthy, must be an object ({@code Error:
 *       metadata.annotations must be a valid object}); a falsy value is replaced by an empty
 *       object, as Backstage's reader does when it adds the location annotations;
 *   <li>pre-processing as the built-in kinds processor does: {@code spec.providesApis},
 *       {@code consumesApis}, {@code dependsOn}, {@code dependencyOf}, {@code memberOf}, {@code
 *       children}, {@code members} are sorted when they are arrays of strings;
 *   <li>the policy chain ({@code InputError: Policy check failed for <ref>; caused by ...});
 *   <li>every {@link KindValidator}: one must accept ({@code InputError: No processor recognized
 *       the entity <ref> as valid, ...}), none may reject ({@code InputError: Processor <name>
 *       threw an error while validating the entity <ref>; caused by TypeError: ...});
 *   <li>optionally the built-in relations ({@link BuiltinRelations#of}), so that a reference that
 *       cannot be parsed (a short {@code dependsOn}) fails as in Backstage's post-processing.
 * </ol>
 *
 * <p>The first failing step ends validation of that document, as in Backstage. Not done here:
 * placeholder substitution ({@code $text}, {@code $json}, {@code $yaml}) and adding the
 * {@code backstage.io/managed-by-location} annotations; they belong to processing.
 *
 * <p>Instances are immutable and thread-safe; schemas are compiled once per JVM.
 */
public final class EntityValidator {
  /** Processor name Backstage prints for the built-in kinds. */
  public static final String BUILTIN_PROCESSOR = "BuiltinKindsEntityProcessor";
  /** Processor name Backstage prints for the scaffolder's Template kind. */
  public static final String SCAFFOLDER_PROCESSOR = "ScaffolderEntitiesProcessor";

  private static final CompiledSchema ENVELOPE =
      CompiledSchema.resource(EntityValidator.class, "entity-envelope.schema.json");
  private static final List<String> SORTED_SPEC_FIELDS =
      List.of(
          "providesApis", "consumesApis", "dependsOn", "dependencyOf", "memberOf", "children",
          "members");
  private static volatile @Nullable List<KindValidator> builtins;

  private final List<EntityPolicy> policies;
  private final List<KindValidator> kindValidators;
  private final boolean checkRelations;
  private final boolean fastPath;

  private EntityValidator(Builder b) {
    this.fastPath = b.fastPath;
    List<EntityPolicy> chain = new ArrayList<>();
    chain.add(fastPath ? EntityPolicies.schemaValid() : EntityPolicies.schemaValidWithoutFastPath());
    if (b.replacedPolicies != null) {
      chain.addAll(b.replacedPolicies);
    } else {
      chain.add(EntityPolicies.defaultNamespace());
      chain.add(EntityPolicies.noForeignRootFields());
      chain.add(EntityPolicies.fieldFormat(b.fieldValidators));
    }
    chain.addAll(b.extraPolicies);
    this.policies = List.copyOf(chain);
    List<KindValidator> kinds = new ArrayList<>();
    if (b.builtinKinds) {
      kinds.addAll(builtinKindValidators());
    }
    kinds.addAll(b.kindValidators);
    if (!fastPath) {
      kinds.replaceAll(k -> k instanceof SchemaKindValidator s ? s.withoutFastPath() : k);
    }
    this.kindValidators = List.copyOf(kinds);
    this.checkRelations = b.checkRelations;
  }

  /** A validator with Backstage's defaults: the default policy chain and the built-in kinds. */
  public static EntityValidator create() {
    return builder().build();
  }

  /** A builder, starting from Backstage's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The validators of the built-in kinds, in Backstage's order (API, Component, Resource, Group,
   * Location, User, System, Domain), then the scaffolder's Template {@code
   * scaffolder.backstage.io/v1beta3}.
   */
  public static List<KindValidator> builtinKindValidators() {
    List<KindValidator> b = builtins;
    if (b == null) {
      List<KindValidator> list = new ArrayList<>();
      for (String k :
          List.of("api", "component", "resource", "group", "location", "user", "system", "domain")) {
        list.add(
            SchemaKindValidator.fromResource(
                BUILTIN_PROCESSOR, EntityValidator.class, k + ".v1alpha1.schema.json"));
      }
      list.add(
          SchemaKindValidator.fromResource(
              SCAFFOLDER_PROCESSOR, EntityValidator.class, "template.v1beta3.schema.json"));
      b = List.copyOf(list);
      builtins = b;
    }
    return b;
  }

  /** Reads a file with {@code reader} and validates every document. */
  public List<ValidationResult> validateFile(Path file, EntityYamlReader reader) {
    return validateAll(reader.read(file));
  }

  /** Validates documents in order. */
  public List<ValidationResult> validateAll(List<RawDocument> documents) {
    List<ValidationResult> out = new ArrayList<>(documents.size());
    for (RawDocument d : documents) {
      out.add(validate(d));
    }
    return out;
  }

  /** Validates one document read by {@link EntityYamlReader}; problems carry field lines. */
  public ValidationResult validate(RawDocument document) {
    return run(document.root(), false, document.source(), document.index(), document::lineOf);
  }

  /**
   * Validates an entity, as the engine does between pre- and post-processing. Nothing is copied
   * but the objects the built-in steps change (root, {@code metadata}, {@code spec}); the valid
   * entity shares the rest of its tree with {@code entity}.
   *
   * @param entity the entity
   * @param source the file or label, for problems
   */
  public ValidationResult validate(Entity entity, String source) {
    return run(EntityTrees.readOnly(entity), true, source, 0, field -> null);
  }

  /**
   * Validates one JSON tree (which is not modified).
   *
   * @param root the document
   * @param source the file or label, for problems
   * @param documentIndex 0-based document index, for problems
   * @param line 1-based line of the document, or null when unknown
   */
  public ValidationResult validate(
      JsonNode root, String source, int documentIndex, @Nullable Integer line) {
    return run(root, false, source, documentIndex, field -> line);
  }

  private interface Lines {
    @Nullable Integer lineOf(String field);
  }

  /**
   * The steps. The working tree is new down to the objects the built-in steps change (root, {@code
   * metadata}, {@code spec}) and shares everything below with {@code root}; it becomes the entity
   * the policies and kind validators see without another copy (they cannot change it). {@code
   * immutable} says that {@code root} is an entity's tree, which nobody changes, so the valid
   * entity may keep sharing it; otherwise the caller may change {@code root} later, and the valid
   * entity is copied once, at the end, so that invalid documents cost no copy.
   */
  private ValidationResult run(
      JsonNode root, boolean immutable, String source, int index, Lines lines) {
    Problems p = new Problems(source, index, lines);
    if (!root.isObject()) {
      String js = root.isArray() || root.isNull() ? "object" : jsType(root);
      return p.fail(null, "", "root-type", "Expected object at root, got " + Json.typeName(root),
          "Error: Expected object at root, got " + js);
    }
    List<AjvError> envelope =
        fastPath && envelopeLooksValid(root) ? List.of() : ENVELOPE.validate(root);
    if (!envelope.isEmpty()) {
      AjvError e = envelope.get(0);
      return p.fail(safeRef(root), e.field(), "envelope", e.fullText(),
          "TypeError: " + e.fullText());
    }
    ObjectNode tree = EntityTrees.editableTop((ObjectNode) root);
    ObjectNode meta = (ObjectNode) tree.get("metadata");
    JsonNode annotations = meta.get("annotations");
    if (annotations != null && EntityPolicies.truthy(annotations) && !annotations.isObject()) {
      return p.fail(safeRef(root), "metadata.annotations", "annotations-object",
          "metadata.annotations must be a valid object",
          "Error: metadata.annotations must be a valid object");
    }
    if (annotations != null && !annotations.isObject()) {
      meta.putObject("annotations");
    }
    String ref = safeRef(tree);
    preProcess(tree);
    // The envelope check above is stricter than Entity's own, so this cannot fail.
    Entity entity = EntityTrees.adopt(tree);
    for (EntityPolicy policy : policies) {
      try {
        entity = policy.enforce(entity);
      } catch (PolicyViolation v) {
        return p.fail(ref, v.field(), v.rule(), v.getMessage(),
            "InputError: Policy check failed for " + ref + "; caused by " + v.errorName() + ": "
                + v.getMessage());
      }
    }
    ref = safeRef(EntityTrees.readOnly(entity));
    boolean accepted = false;
    for (KindValidator kv : kindValidators) {
      KindCheck check = kv.check(entity);
      if (check instanceof KindCheck.Accepted) {
        accepted = true;
      } else if (check instanceof KindCheck.Invalid inv) {
        return p.fail(ref, inv.field(), "kind-schema", inv.message(),
            "InputError: Processor " + kv.processorName()
                + " threw an error while validating the entity " + ref + "; caused by "
                + inv.errorName() + ": " + inv.message());
      }
    }
    if (!accepted) {
      return p.fail(ref, "kind", "unknown-kind",
          "No validator recognized kind " + entity.kind() + " with apiVersion "
              + entity.apiVersion(),
          "InputError: No processor recognized the entity " + ref
              + " as valid, possibly caused by a foreign kind or apiVersion");
    }
    Entity result =
        immutable ? entity : EntityTrees.adopt(EntityTrees.readOnly(entity).deepCopy());
    if (checkRelations) {
      try {
        BuiltinRelations.of(result);
      } catch (InvalidEntityRefException e) {
        return relationProblem(p, ref, result);
      }
    }
    return new ValidationResult(source, index, result, List.of());
  }

  private ValidationResult relationProblem(Problems p, String ref, Entity entity) {
    for (BuiltinRelations.Rule rule : BuiltinRelations.RULES) {
      if (!rule.kind().equals(entity.kind())) {
        continue;
      }
      JsonNode v = entity.specValue(rule.field());
      List<JsonNode> values = new ArrayList<>();
      String base = "spec." + rule.field();
      if (v.isArray()) {
        v.forEach(values::add);
      } else {
        values.add(v);
      }
      for (int i = 0; i < values.size(); i++) {
        JsonNode value = values.get(i);
        if (!value.isString()) {
          continue;
        }
        try {
          EntityRef.parse(value.stringValue(), rule.defaultKind(), entity.ref().namespace());
        } catch (InvalidEntityRefException e) {
          String msg = e.getMessage();
          String name = msg.contains("was not on the form") ? "TypeError" : "Error";
          return p.fail(ref, v.isArray() ? base + "." + i : base, "relation-ref", msg,
              "InputError: Processor " + BUILTIN_PROCESSOR
                  + " threw an error while postprocessing; caused by " + name + ": " + msg);
        }
      }
    }
    return p.fail(ref, "spec", "relation-ref", "invalid entity reference in spec",
        "InputError: Processor " + BUILTIN_PROCESSOR + " threw an error while postprocessing");
  }

  /**
   * True when the envelope schema certainly passes (string apiVersion, kind, metadata.name of
   * length 1+, namespace absent or a non-empty string); lets the common case skip the schema.
   */
  private static boolean envelopeLooksValid(JsonNode root) {
    JsonNode meta = root.get("metadata");
    if (!nonEmptyString(root.get("apiVersion")) || !nonEmptyString(root.get("kind"))
        || meta == null || !meta.isObject() || !nonEmptyString(meta.get("name"))) {
      return false;
    }
    JsonNode ns = meta.get("namespace");
    return ns == null || nonEmptyString(ns);
  }

  private static boolean nonEmptyString(@Nullable JsonNode n) {
    return n != null && n.isString() && !n.stringValue().isEmpty();
  }

  private static void preProcess(ObjectNode entity) {
    JsonNode spec = entity.get("spec");
    if (!(spec instanceof ObjectNode s)) {
      return;
    }
    for (String field : SORTED_SPEC_FIELDS) {
      if (s.get(field) instanceof ArrayNode arr && arr.size() > 1) {
        List<String> values = new ArrayList<>(arr.size());
        for (JsonNode n : arr) {
          if (!n.isString()) {
            values = null;
            break;
          }
          values.add(n.stringValue());
        }
        if (values != null) {
          values.sort(null);
          ArrayNode sorted = s.putArray(field);
          values.forEach(sorted::add);
        }
      }
    }
  }

  /** Backstage's stringifyEntityRef, or null when kind or name is not a string. */
  private static @Nullable String safeRef(JsonNode entity) {
    JsonNode kind = entity.get("kind");
    JsonNode meta = entity.get("metadata");
    JsonNode name = meta == null ? null : meta.get("name");
    if (kind == null || !kind.isString() || name == null || !name.isString()) {
      return null;
    }
    JsonNode ns = meta.get("namespace");
    String namespace =
        ns != null && ns.isString() && !ns.stringValue().isEmpty()
            ? ns.stringValue()
            : EntityRef.DEFAULT_NAMESPACE;
    return (kind.stringValue() + ":" + namespace + "/" + name.stringValue())
        .toLowerCase(Locale.ROOT);
  }

  private static String jsType(JsonNode n) {
    if (n.isString()) {
      return "string";
    }
    if (n.isNumber()) {
      return "number";
    }
    if (n.isBoolean()) {
      return "boolean";
    }
    return "object";
  }

  private record Problems(String source, int index, Lines lines) {
    ValidationResult fail(
        @Nullable String ref, String field, String rule, String message, String backstage) {
      return new ValidationResult(
          source,
          index,
          null,
          List.of(
              new ValidationProblem(
                  source, index, lines.lineOf(field), ref, field, rule, message, backstage)));
    }
  }

  /** Configures an {@link EntityValidator}; starts from Backstage's defaults. */
  public static final class Builder {
    private final Map<FieldFormat, FieldValidator> fieldValidators =
        new EnumMap<>(FieldFormat.class);
    private final List<EntityPolicy> extraPolicies = new ArrayList<>();
    private @Nullable List<EntityPolicy> replacedPolicies;
    private final List<KindValidator> kindValidators = new ArrayList<>();
    private boolean builtinKinds = true;
    private boolean checkRelations = true;
    private boolean fastPath = true;

    private Builder() {}

    /**
     * An independent builder with this one's settings: changing either afterwards does not change
     * the other. Hosts and engines that take a builder keep a copy.
     */
    public Builder copy() {
      Builder c = new Builder();
      c.fieldValidators.putAll(fieldValidators);
      c.extraPolicies.addAll(extraPolicies);
      c.replacedPolicies = replacedPolicies == null ? null : new ArrayList<>(replacedPolicies);
      c.kindValidators.addAll(kindValidators);
      c.builtinKinds = builtinKinds;
      c.checkRelations = checkRelations;
      c.fastPath = fastPath;
      return c;
    }

    /**
     * Replaces one field-format rule (Backstage's {@code setFieldFormatValidators}). Ignored when
     * the policies are replaced.
     */
    public Builder fieldValidator(FieldFormat format, FieldValidator validator) {
      fieldValidators.put(format, validator);
      return this;
    }

    /** Adds a policy that runs after the default (or replaced) ones. */
    public Builder addPolicy(EntityPolicy policy) {
      extraPolicies.add(policy);
      return this;
    }

    /**
     * Replaces the default chain after the schema check (as Backstage's {@code
     * replaceEntityPolicies}): the chain becomes {@link EntityPolicies#schemaValid()} followed by
     * {@code policies}.
     */
    public Builder replacePolicies(List<EntityPolicy> policies) {
      this.replacedPolicies = List.copyOf(policies);
      return this;
    }

    /** Adds a validator for a custom kind, tried after the built-in ones. */
    public Builder addKindValidator(KindValidator validator) {
      kindValidators.add(validator);
      return this;
    }

    /** Whether the built-in kinds (and Template v1beta3) are recognised (default true). */
    public Builder builtinKinds(boolean enabled) {
      this.builtinKinds = enabled;
      return this;
    }

    /**
     * Whether to resolve the built-in relation fields, failing on references that cannot be parsed
     * (default true). Backstage reports these in post-processing, after validation.
     */
    public Builder checkRelations(boolean enabled) {
      this.checkRelations = enabled;
      return this;
    }

    /**
     * Whether entities that are plainly valid may skip the JSON schemas (default true). The
     * answers are the same either way; switching it off is for benchmarks and for tests that
     * compare the two paths.
     */
    public Builder fastPath(boolean enabled) {
      this.fastPath = enabled;
      return this;
    }

    /** The validator. */
    public EntityValidator build() {
      return new EntityValidator(this);
    }
  }
}
