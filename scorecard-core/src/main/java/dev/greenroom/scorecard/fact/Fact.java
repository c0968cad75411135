package dev.greenroom.scorecard.fact;

import dev.greenroom.catalog.model.EntityRef;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * The facts one retriever (or one push) recorded for one entity at one time (Tech Insights'
 * {@code FlatTechInsightFact}).
 *
 * @param id the retriever (or push schema) id
 * @param version the schema version the facts were recorded with
 * @param entity the entity the facts are about
 * @param timestamp when the facts were true
 * @param values fact name to value; callers must not modify it
 */
public record Fact(String id, String version, EntityRef entity, Instant timestamp, ObjectNode values) {
  /** Validates the parts. */
  public Fact {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(values, "values");
  }
}
