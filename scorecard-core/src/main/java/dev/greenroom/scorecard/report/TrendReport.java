package dev.greenroom.scorecard.report;

import dev.greenroom.catalog.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Levels over time: for each ISO week, how many entities were at each level, counting each
 * entity's last recorded evaluation in that week.
 *
 * @param scorecardId the scorecard
 * @param weeks the weeks with recorded evaluations, oldest first
 */
public record TrendReport(String scorecardId, List<Week> weeks) {
  /**
   * One ISO week.
   *
   * @param week {@code 2026-W48}
   * @param entities entities evaluated in the week
   * @param levels entities per level, lowest first, then {@code none}
   * @param averagePercent mean score percentage
   */
  public record Week(String week, int entities, Map<String, Integer> levels, double averagePercent) {}

  /** JSON. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("scorecard", scorecardId);
    ArrayNode a = o.putArray("weeks");
    for (Week w : weeks) {
      ObjectNode x = a.addObject();
      x.put("week", w.week());
      x.put("entities", w.entities());
      ObjectNode l = x.putObject("levels");
      w.levels().forEach(l::put);
      x.put("averagePercent", w.averagePercent());
    }
    return o;
  }

  /** CSV: week, level, entities. */
  public String toCsv() {
    Csv csv = new Csv(List.of("scorecard", "week", "level", "entities", "averagePercent"));
    for (Week w : weeks) {
      for (Map.Entry<String, Integer> e : w.levels().entrySet()) {
        csv.row(new ArrayList<Object>(List.of(scorecardId, w.week(), e.getKey(), e.getValue(), w.averagePercent())));
      }
    }
    return csv.toString();
  }
}
