package dev.greenroom.scorecard.report;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.card.ScorecardResult;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The results of the entities an owner is accountable for: owned by it, by a group below it, or by
 * one of its groups' members.
 *
 * @param owner the group or user
 * @param scorecards counts per scorecard
 * @param results the results counted
 * @param directOwners each entity's own owner
 */
public record OwnerReport(
    EntityRef owner, List<CardSummary> scorecards, List<ScorecardResult> results, Map<EntityRef, EntityRef> directOwners) {

  /** JSON: the summaries and one row per entity and scorecard. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("owner", owner.toString());
    ArrayNode cards = o.putArray("scorecards");
    scorecards.forEach(c -> cards.add(c.toJson()));
    ArrayNode rows = o.putArray("entities");
    for (ScorecardResult r : results) {
      ObjectNode row = rows.addObject();
      row.put("entity", r.entity().toString());
      EntityRef d = directOwners.get(r.entity());
      row.put("owner", d == null ? null : d.toString());
      row.put("scorecard", r.scorecard().id());
      row.put("level", r.level());
      row.put("percent", r.percent());
    }
    return o;
  }

  /** CSV: one row per entity and rule, as {@link Reports#csv}. */
  public String toCsv() {
    return Reports.csv(results, directOwners);
  }
}
