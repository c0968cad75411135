package dev.greenroom.scorecard.report;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scorecard.card.RuleResult;
import dev.greenroom.scorecard.card.RuleStatus;
import dev.greenroom.scorecard.card.Scorecard;
import dev.greenroom.scorecard.card.ScorecardResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Counts over the results of one scorecard.
 *
 * @param scorecardId the scorecard
 * @param entities how many entities were evaluated
 * @param levels entities per level, lowest first, then {@code "none"}
 * @param averagePercent mean score percentage
 * @param rulePassRates per rule: passing entities over entities where the rule passed or failed
 */
public record CardSummary(
    String scorecardId, int entities, Map<String, Integer> levels, double averagePercent, Map<String, Double> rulePassRates) {
  /** The level shown for entities that reached none. */
  public static final String NONE = "none";

  /** Summarises the results of {@code card} among {@code results}. */
  public static CardSummary of(Scorecard card, List<ScorecardResult> results) {
    Map<String, Integer> levels = new LinkedHashMap<>();
    card.levels().forEach(l -> levels.put(l, 0));
    levels.put(NONE, 0);
    Map<String, int[]> rules = new LinkedHashMap<>();
    card.rules().forEach(r -> rules.put(r.id(), new int[2]));
    int n = 0;
    double pct = 0;
    for (ScorecardResult r : results) {
      if (!r.scorecard().id().equals(card.id())) {
        continue;
      }
      n++;
      pct += r.percent();
      levels.merge(r.level() == null ? NONE : r.level(), 1, Integer::sum);
      for (RuleResult rr : r.rules()) {
        int[] c = rules.get(rr.rule().id());
        if (c != null && (rr.status() == RuleStatus.PASS || rr.status() == RuleStatus.FAIL)) {
          c[1]++;
          if (rr.status() == RuleStatus.PASS) {
            c[0]++;
          }
        }
      }
    }
    Map<String, Double> rates = new LinkedHashMap<>();
    rules.forEach((k, c) -> rates.put(k, c[1] == 0 ? 1.0 : Math.round(1000.0 * c[0] / c[1]) / 1000.0));
    return new CardSummary(card.id(), n, levels, n == 0 ? 0 : Math.round(pct / n * 10) / 10.0, rates);
  }

  /** JSON. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("scorecard", scorecardId);
    o.put("entities", entities);
    ObjectNode l = o.putObject("levels");
    levels.forEach(l::put);
    o.put("averagePercent", averagePercent);
    ObjectNode r = o.putObject("rulePassRates");
    rulePassRates.forEach(r::put);
    return o;
  }
}
