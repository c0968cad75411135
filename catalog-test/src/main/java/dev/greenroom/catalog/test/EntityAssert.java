package dev.greenroom.catalog.test;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Assertions on one entity of a {@link LoadedCatalog}, with the relations Backstage's built-in
 * kinds processor gives it. Failure messages name the entity and the file and line it came from.
 */
public final class EntityAssert extends AbstractAssert<EntityAssert, Entity> {
  private final @Nullable CheckedDocument origin;

  EntityAssert(Entity actual, @Nullable CheckedDocument origin) {
    super(actual, EntityAssert.class);
    this.origin = origin;
  }

  /** The entity under test. */
  public Entity entity() {
    return actual;
  }

  /**
   * The entity has the relation {@code type} ({@code ownedBy}, {@code dependsOn}, {@code
   * partOf}, ...) to {@code target} ({@code group:default/team-a}; short forms allowed).
   */
  public EntityAssert hasRelation(String type, String target) {
    EntityRef t = EntityRef.parse(target);
    if (actual.relations().contains(new Relation(type, t))) {
      return this;
    }
    return fail("Expecting " + where() + " to have relation " + type + " " + t
        + ", but its relations are" + describe());
  }

  /** The entity has no relation {@code type} to {@code target}. */
  public EntityAssert doesNotHaveRelation(String type, String target) {
    EntityRef t = EntityRef.parse(target);
    if (actual.relations().contains(new Relation(type, t))) {
      return fail("Expecting " + where() + " not to have relation " + type + " " + t);
    }
    return this;
  }

  /** The entity is of this kind (case-insensitive). */
  public EntityAssert hasKind(String kind) {
    if (!actual.kind().equalsIgnoreCase(kind)) {
      return fail("Expecting " + where() + " to be a " + kind + ", but it is a " + actual.kind());
    }
    return this;
  }

  /** The annotation {@code key} has {@code value}. */
  public EntityAssert hasAnnotation(String key, String value) {
    String v = actual.metadata().annotation(key);
    if (!value.equals(v)) {
      return fail("Expecting " + where() + " to have annotation " + key + ": " + value
          + ", but it is " + (v == null ? "absent" : v));
    }
    return this;
  }

  /** The spec field at a dotted path ({@code type}, {@code lifecycle}) is the string {@code value}. */
  public EntityAssert hasSpecValue(String field, String value) {
    JsonNode v = actual.specValue(field);
    if (!v.isString() || !Objects.equals(v.stringValue(), value)) {
      String at = origin != null && origin.raw() != null
          ? " (" + origin.file() + ":" + origin.lineOf("spec." + field) + ")" : "";
      return fail("Expecting " + where() + " to have spec." + field + ": " + value
          + ", but it is " + (v.isMissingNode() ? "absent" : v.toString()) + at);
    }
    return this;
  }

  private String where() {
    return actual.ref() + (origin == null ? "" : " (" + origin.file() + ":" + origin.line() + ")");
  }

  private String describe() {
    if (actual.relations().isEmpty()) {
      return " none";
    }
    StringBuilder sb = new StringBuilder(":");
    for (Relation r : actual.relations()) {
      sb.append("\n  ").append(r.type()).append(' ').append(r.targetRef());
    }
    return sb.toString();
  }

  private EntityAssert fail(String message) {
    failWithMessage("%s", message);
    return this;
  }
}
