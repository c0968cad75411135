package dev.greenroom.scorecard.card;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scorecard evaluated for one entity.
 *
 * @param scorecard the scorecard
 * @param entity the entity
 * @param evaluatedAt when
 * @param level the highest level reached, or null for none
 * @param score the weights of passing rules
 * @param maxScore the weights of passing and failing rules
 * @param rules every rule's result, in the scorecard's order
 * @param exemption the exemption of the whole scorecard, or null
 */
public record ScorecardResult(
    Scorecard scorecard,
    EntityRef entity,
    Instant evaluatedAt,
    @Nullable String level,
    double score,
    double maxScore,
    List<RuleResult> rules,
    @Nullable Exemption exemption) {
  /** Validates the parts. */
  public ScorecardResult {
    Objects.requireNonNull(scorecard, "scorecard");
    Objects.requireNonNull(entity, "entity");
    rules = List.copyOf(rules);
  }

  /** The score as a percentage (100 when no rule counts). */
  public double percent() {
    return maxScore == 0 ? 100.0 : Math.round(score / maxScore * 1000.0) / 10.0;
  }

  /** The position of the level reached (0 = lowest), or -1 for none. */
  public int levelIndex() {
    return level == null ? -1 : scorecard.levelIndex(level);
  }

  /** The result of one rule, or null. */
  public @Nullable RuleResult rule(String ruleId) {
    for (RuleResult r : rules) {
      if (r.rule().id().equals(ruleId)) {
        return r;
      }
    }
    return null;
  }

  /** JSON with the per-rule reasons. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("scorecard", scorecard.id());
    o.put("title", scorecard.title());
    o.put("entity", entity.toString());
    o.put("evaluatedAt", evaluatedAt.toString());
    if (level == null) {
      o.putNull("level");
    } else {
      o.put("level", level);
    }
    ArrayNode levels = o.putArray("levels");
    scorecard.levels().forEach(levels::add);
    o.put("score", score);
    o.put("maxScore", maxScore);
    o.put("percent", percent());
    if (exemption != null) {
      ObjectNode ex = o.putObject("exemption");
      ex.put("reason", exemption.reason());
      ex.put("expires", exemption.expires().toString());
    }
    ArrayNode rs = o.putArray("rules");
    rules.forEach(r -> rs.add(r.toJson()));
    return o;
  }
}
