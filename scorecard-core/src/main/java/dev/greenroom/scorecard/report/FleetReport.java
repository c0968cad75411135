package dev.greenroom.scorecard.report;

import dev.greenroom.catalog.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fleet-wide counts: per scorecard, entities per level and rule pass rates.
 *
 * @param evaluatedAt when the results were computed
 * @param scorecards one summary per scorecard
 */
public record FleetReport(Instant evaluatedAt, List<CardSummary> scorecards) {
  /** JSON. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("evaluatedAt", evaluatedAt.toString());
    ArrayNode a = o.putArray("scorecards");
    scorecards.forEach(c -> a.add(c.toJson()));
    return o;
  }

  /** CSV: scorecard, level, entities. */
  public String toCsv() {
    Csv csv = new Csv(List.of("scorecard", "level", "entities", "averagePercent"));
    for (CardSummary c : scorecards) {
      for (Map.Entry<String, Integer> e : c.levels().entrySet()) {
        csv.row(new ArrayList<Object>(List.of(c.scorecardId(), e.getKey(), e.getValue(), c.averagePercent())));
      }
    }
    return csv.toString();
  }
}
