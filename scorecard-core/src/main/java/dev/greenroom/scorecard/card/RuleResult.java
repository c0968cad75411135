package dev.greenroom.scorecard.card;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scorecard.check.CheckOutcome;
import dev.greenroom.scorecard.check.EvaluationInput;
import dev.greenroom.scorecard.check.LeafOutcome;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One rule's result for one entity. Bulk evaluations decide the status without collecting the
 * compared values; {@link #outcome()} then evaluates the check again over the same input (facts and
 * entity are immutable, the time is fixed in the input), so the reasons are the same as those of an
 * eager evaluation.
 */
public final class RuleResult {
  private final Rule rule;
  private final RuleStatus status;
  private final @Nullable Exemption exemption;
  private final @Nullable EvaluationInput input;
  private volatile @Nullable CheckOutcome outcome;

  /**
   * A result with its outcome.
   *
   * @param rule the rule
   * @param status pass, fail, exempt or not applicable
   * @param outcome the check's outcome (null when exempt or not applicable)
   * @param exemption the exemption that applied, or null
   */
  public RuleResult(Rule rule, RuleStatus status, @Nullable CheckOutcome outcome, @Nullable Exemption exemption) {
    this.rule = Objects.requireNonNull(rule, "rule");
    this.status = Objects.requireNonNull(status, "status");
    this.outcome = outcome;
    this.exemption = exemption;
    this.input = null;
  }

  private RuleResult(Rule rule, RuleStatus status, EvaluationInput input) {
    this.rule = rule;
    this.status = status;
    this.exemption = null;
    this.input = input;
  }

  /** A passed or failed rule whose outcome is computed from {@code input} when first asked for. */
  public static RuleResult decided(Rule rule, RuleStatus status, EvaluationInput input) {
    return new RuleResult(Objects.requireNonNull(rule), Objects.requireNonNull(status), Objects.requireNonNull(input));
  }

  /** The rule. */
  public Rule rule() {
    return rule;
  }

  /** Pass, fail, exempt or not applicable. */
  public RuleStatus status() {
    return status;
  }

  /** The exemption that applied, or null. */
  public @Nullable Exemption exemption() {
    return exemption;
  }

  /** The check's outcome with the compared values; null when exempt or not applicable. */
  public @Nullable CheckOutcome outcome() {
    CheckOutcome o = outcome;
    if (o == null && input != null) {
      o = rule.check().evaluate(input);
      outcome = o;
    }
    return o;
  }

  /** Why: the deciding comparisons (actual against expected), the missing facts, or the exemption. */
  public String reason() {
    if (status == RuleStatus.EXEMPT && exemption != null) {
      return "exempt until " + exemption.expires() + ": " + exemption.reason();
    }
    if (status == RuleStatus.NOT_APPLICABLE) {
      return "the rule's filter does not select this entity";
    }
    CheckOutcome o = outcome();
    return o == null ? "" : o.reason();
  }

  /** The facts that had no value (empty unless a fact was missing). */
  public List<String> missingFacts() {
    CheckOutcome o = outcome();
    return o == null ? List.of() : o.missingFacts();
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
    CheckOutcome outcome = outcome();
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
