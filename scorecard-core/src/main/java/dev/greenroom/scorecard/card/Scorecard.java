package dev.greenroom.scorecard.card;

import dev.greenroom.catalog.query.EntityPredicate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A scorecard: rules over the entities its filter selects, with an ordered level ladder (lowest
 * first). An entity reaches a level only when every applicable rule of that level and of all lower
 * levels passes (exempt and not-applicable rules are neutral); failing a rule of the lowest level
 * leaves it without a level. The score is the sum of the weights of passing rules over the sum of
 * the weights of passing and failing ones.
 *
 * @param id unique id
 * @param title display title
 * @param description display description
 * @param levels level names, lowest first; may be empty (score only)
 * @param filter the entities the scorecard applies to
 * @param filterText the filter as written (catalog syntax or JSON text), for display
 * @param rules the rules
 */
public record Scorecard(
    String id,
    String title,
    String description,
    List<String> levels,
    EntityPredicate filter,
    String filterText,
    List<Rule> rules) {
  /** Validates the parts: unique rule ids, rule levels among {@code levels}. */
  public Scorecard {
    Objects.requireNonNull(id, "id");
    title = title == null ? id : title;
    description = description == null ? "" : description;
    levels = List.copyOf(levels);
    if (new HashSet<>(levels).size() != levels.size()) {
      throw new IllegalArgumentException("scorecard " + id + ": level names repeat");
    }
    Objects.requireNonNull(filter, "filter");
    rules = List.copyOf(rules);
    Set<String> ids = new HashSet<>();
    for (Rule r : rules) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("scorecard " + id + ": rule id '" + r.id() + "' repeats");
      }
      if (r.level() != null && !levels.contains(r.level())) {
        throw new IllegalArgumentException(
            "scorecard " + id + ", rule '" + r.id() + "': level '" + r.level() + "' is not one of " + levels);
      }
    }
  }

  /** The position of a level (0 = lowest), or -1. */
  public int levelIndex(String level) {
    return levels.indexOf(level);
  }
}
