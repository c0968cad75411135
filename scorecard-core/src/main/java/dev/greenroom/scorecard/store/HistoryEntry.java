package dev.greenroom.scorecard.store;

import dev.greenroom.catalog.model.EntityRef;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One recorded scorecard evaluation of one entity, as the trend report reads it.
 *
 * @param scorecardId the scorecard
 * @param entity the entity
 * @param evaluatedAt when it was evaluated
 * @param level the level reached, or null for none
 * @param score points of passing rules
 * @param maxScore points of all applicable rules
 */
public record HistoryEntry(
    String scorecardId,
    EntityRef entity,
    Instant evaluatedAt,
    @Nullable String level,
    double score,
    double maxScore) {
  /** Validates the parts. */
  public HistoryEntry {
    Objects.requireNonNull(scorecardId, "scorecardId");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
  }
}
