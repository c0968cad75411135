package dev.greenroom.scorecard.card;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scorecard.check.CheckOutcome;
import dev.greenroom.scorecard.check.LeafOutcome;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One rule's result for one entity.
 *
 * @param rule the rule
 * @param status pass, fail, exempt or not applicable
 * @param outcome the check's outcome (null when exempt or not applicable)
 * @param exemption the exemption that applied, or null
 */
public record RuleResult(
    Rule rule, RuleStatus status, @Nullable CheckOutcome outcome, @Nullable Exemption exemption) {
  /** Validates the parts. */
  public RuleResult {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(status, "status");
  }

  /** Why: the deciding comparisons (actual against expected), the missing facts, or the exemption. */
  public String reason() {
    if (status == RuleStatus.EXEMPT && exemption != null) {
      return "exempt until " + exemption.expires() + ": " + exemption.reason();
    }
    if (status == RuleStatus.NOT_APPLICABLE) {
      return "the rule's filter does not select this entity";
    }
    return outcome == null ? "" : outcome.reason();
  }

  /** The facts that had no value (empty unless a fact was missing). */
  public List<String> missingFacts() {
    return outcome == null ? List.of() : outcome.missingFacts();
  }

  /** JSON: id, title, level, weight, status, reason, missingFacts and the compared values. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("id", rule.id());
    o.put("title", rule.title());
    if (rule.level() == null) {
      o.putNull("level");
    } else {
      o.put("level", rule.level());
    }
    o.put("weight", rule.weight());
    o.put("check", rule.check().id());
    o.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
    o.put("reason", reason());
    ArrayNode missing = o.putArray("missingFacts");
    missingFacts().forEach(missing::add);
    ArrayNode cmp = o.putArray("comparisons");
    if (outcome != null) {
      for (LeafOutcome l : outcome.leaves()) {
        ObjectNode c = cmp.addObject();
        c.put("subject", l.subject());
        c.put("operator", l.operator().jsonName());
        c.set("expected", l.expected() == null ? Json.nodes().nullNode() : l.expected());
        c.set("actual", l.actual() == null ? Json.nodes().nullNode() : l.actual());
        c.put("result", l.verdict().name().toLowerCase(java.util.Locale.ROOT));
        c.put("reason", l.reason());
      }
    }
    if (exemption != null) {
      ObjectNode ex = o.putObject("exemption");
      ex.put("reason", exemption.reason());
      ex.put("expires", exemption.expires().toString());
    }
    return o;
  }
}
