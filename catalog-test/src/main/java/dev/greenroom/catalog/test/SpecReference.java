package dev.greenroom.catalog.test;

import dev.greenroom.catalog.model.EntityRef;
import java.nio.file.Path;

/**
 * A reference one entity makes to another through a built-in {@code spec} field (the table of
 * Backstage's built-in kinds processor), located in its file.
 *
 * @param source the entity holding the field
 * @param field the dotted field path ({@code spec.owner}, {@code spec.dependsOn.1})
 * @param relation the relation it implies from the source ({@code ownedBy}, {@code dependsOn})
 * @param target the referenced entity, defaults applied
 * @param file the source's file
 * @param line the 1-based line of the field
 */
public record SpecReference(
    EntityRef source, String field, String relation, EntityRef target, Path file, int line) {

  /** {@code file:line field -> target}. */
  @Override
  public String toString() {
    return file + ":" + line + " " + source + " " + field + " -> " + target + " (" + relation + ")";
  }
}
