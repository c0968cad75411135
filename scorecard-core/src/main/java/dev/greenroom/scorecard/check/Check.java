package dev.greenroom.scorecard.check;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.query.EntityPredicate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Tech Insights check ({@code TechInsightJsonRuleCheck}): a condition over the latest facts of
 * the retrievers in {@code factIds}, validated when loaded ({@link CheckLoader}).
 *
 * @param id unique id
 * @param type always {@code json-rules-engine}
 * @param name display name
 * @param description display description
 * @param factIds the retrievers whose latest facts the condition reads
 * @param condition the parsed condition
 * @param rule the rule as written ({@code { conditions }}), echoed by {@code GET /checks}
 * @param metadata free-form metadata
 * @param successMetadata merged into {@code metadata} of a passing result
 * @param failureMetadata merged into {@code metadata} of a failing result
 * @param links {@code [{ title, url }]}
 * @param filter the entities the check applies to
 */
public record Check(
    String id,
    String type,
    String name,
    String description,
    List<String> factIds,
    Condition condition,
    JsonNode rule,
    ObjectNode metadata,
    ObjectNode successMetadata,
    ObjectNode failureMetadata,
    ArrayNode links,
    EntityPredicate filter) {
  /** The only check type. */
  public static final String TYPE = "json-rules-engine";

  /** Validates the parts. */
  public Check {
    Objects.requireNonNull(id, "id");
    factIds = List.copyOf(factIds);
    Objects.requireNonNull(condition, "condition");
  }

  /** The verdict only, without collecting leaf outcomes (the bulk evaluation's fast path). */
  public Verdict verdict(EvaluationInput in) {
    return condition.evaluate(in, false, null);
  }

  /** Evaluates the condition for one entity, with every leaf's outcome. */
  public CheckOutcome evaluate(EvaluationInput in) {
    List<LeafOutcome> leaves = SCRATCH.get();
    leaves.clear();
    try {
      Verdict v = condition.evaluate(in, false, leaves);
      // an exact-size immutable copy: bulk evaluations keep millions of these
      return new CheckOutcome(this, v, List.copyOf(leaves));
    } finally {
      leaves.clear();
    }
  }

  private static final ThreadLocal<List<LeafOutcome>> SCRATCH = ThreadLocal.withInitial(() -> new ArrayList<>(8));

  /** The names of the facts the condition reads, in order. */
  public Set<String> factNames() {
    Set<String> out = new LinkedHashSet<>();
    condition.leaves(
        l -> {
          if (l instanceof Condition.FactLeaf f) {
            out.add(f.fact());
          }
        });
    return out;
  }

  /** Tech Insights' {@code Check} JSON. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("type", type);
    o.put("name", name);
    o.put("description", description);
    ArrayNode ids = o.putArray("factIds");
    factIds.forEach(ids::add);
    o.set("metadata", metadata.deepCopy());
    o.set("links", links.deepCopy());
    o.set("rule", rule.deepCopy());
    return o;
  }
}
