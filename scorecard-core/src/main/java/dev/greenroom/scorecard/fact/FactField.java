package dev.greenroom.scorecard.fact;

import java.util.Objects;

/**
 * One typed field of a fact schema (Tech Insights' {@code FactSchema} entry).
 *
 * @param name the fact name checks refer to
 * @param type the value type
 * @param description what the fact means
 */
public record FactField(String name, FactType type, String description) {
  /** Validates the parts. */
  public FactField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
  }

  /** A field. */
  public static FactField of(String name, FactType type, String description) {
    return new FactField(name, type, description);
  }
}
