package dev.greenroom.scorecard.fact;

import dev.greenroom.catalog.model.EntityRef;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a retriever's handler returns for one entity (Tech Insights' {@code TechInsightFact}).
 *
 * @param entity the entity
 * @param values fact name to value, checked against the retriever's schema
 * @param timestamp when the facts were true, or null for "now"
 */
public record RetrievedFacts(EntityRef entity, ObjectNode values, @Nullable Instant timestamp) {
  /** Validates the parts. */
  public RetrievedFacts {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(values, "values");
  }

  /** Facts true now. */
  public static RetrievedFacts of(EntityRef entity, ObjectNode values) {
    return new RetrievedFacts(entity, values, null);
  }
}
