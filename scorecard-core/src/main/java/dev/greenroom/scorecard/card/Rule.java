package dev.greenroom.scorecard.card;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.scorecard.check.Check;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a scorecard.
 *
 * @param id unique within the scorecard; exemptions name it
 * @param title display title
 * @param description what the rule asks for and why
 * @param level the ladder level the rule belongs to, or null for a score-only rule
 * @param weight points the rule is worth (0 or more)
 * @param check what is evaluated
 * @param filter the entities the rule applies to, within the scorecard's
 */
public record Rule(
    String id,
    String title,
    String description,
    @Nullable String level,
    double weight,
    Check check,
    EntityPredicate filter) {
  /** Validates the parts. */
  public Rule {
    Objects.requireNonNull(id, "id");
    title = title == null ? id : title;
    description = description == null ? "" : description;
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("rule " + id + ": weight must be a number >= 0");
    }
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(filter, "filter");
  }
}
