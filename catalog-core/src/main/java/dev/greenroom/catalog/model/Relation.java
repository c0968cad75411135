package dev.greenroom.catalog.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * A relation as an entity shows it: {@code {type, targetRef}}. Stitched relations are sorted by
 * type, then by target reference.
 *
 * @param type the relation type, for example {@code ownedBy}
 * @param targetRef the entity the relation points at
 */
public record Relation(String type, EntityRef targetRef) implements Comparable<Relation> {
  private static final Comparator<Relation> ORDER =
      Comparator.comparing(Relation::type).thenComparing(r -> r.targetRef().toString());

  public Relation {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(targetRef, "targetRef");
  }

  @Override
  public int compareTo(Relation o) {
    return ORDER.compare(this, o);
  }
}
