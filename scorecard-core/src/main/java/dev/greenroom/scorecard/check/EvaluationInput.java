package dev.greenroom.scorecard.check;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.fact.Fact;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a condition is evaluated against.
 *
 * @param ref the entity's ref
 * @param entity the entity from the catalog, or null when the catalog does not know it
 * @param facts the latest facts of the entity by retriever id
 * @param now the evaluation time (for {@code now-P30D} values)
 */
public record EvaluationInput(
    EntityRef ref, @Nullable Entity entity, Map<String, Fact> facts, Instant now) {
  /** Validates the parts. */
  public EvaluationInput {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(now, "now");
  }
}
