package dev.greenroom.catalog.model;

import java.util.Objects;

/**
 * A directed relation between two entities, as processing emits it: {@code source --type-->
 * target}. The entity that emits an edge owns it; edges live as long as their emitter.
 *
 * @param source the entity the relation starts from
 * @param type the relation type
 * @param target the entity the relation points at (it need not exist)
 */
public record RelationEdge(EntityRef source, String type, EntityRef target) {
  public RelationEdge {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
  }

  /** The relation as the source entity shows it. */
  public Relation asRelation() {
    return new Relation(type, target);
  }
}
