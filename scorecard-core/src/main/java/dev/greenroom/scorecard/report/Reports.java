package dev.greenroom.scorecard.report;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.card.RuleResult;
import dev.greenroom.scorecard.card.Scorecard;
import dev.greenroom.scorecard.card.ScorecardResult;
import dev.greenroom.scorecard.fact.CatalogRetrievers;
import dev.greenroom.scorecard.store.HistoryEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;

/**
 * Reports over a {@link Scorecards} runtime. Entity, owner and fleet reports evaluate now (they read
 * the latest facts); the trend report reads the recorded history ({@code evaluateAll(true)}).
 */
public final class Reports {
  private static final int CHUNK = 500;

  private final Scorecards sc;

  /** Reports over {@code sc}. */
  public Reports(Scorecards sc) {
    this.sc = sc;
  }

  /** Every applicable scorecard's result for one entity, now. */
  public List<ScorecardResult> entity(EntityRef ref) {
    return sc.evaluate(ref);
  }

  /** The owner's roll-up, over a fresh evaluation of every scorecard. */
  public OwnerReport owner(EntityRef owner) {
    return owner(owner, sc.evaluateAll(false));
  }

  /**
   * The owner's roll-up over given results: an entity counts for the owner when its own owner
   * ({@code ownedBy}, else {@code spec.owner}) is the owner, a group below it ({@code
   * parentOf}/{@code childOf}) or a member of one ({@code memberOf}).
   */
  public OwnerReport owner(EntityRef owner, List<ScorecardResult> results) {
    OwnerIndex idx = OwnerIndex.of(sc.catalog());
    Map<EntityRef, EntityRef> direct = directOwners(results);
    Map<EntityRef, Boolean> under = new HashMap<>();
    List<ScorecardResult> mine = new ArrayList<>();
    for (ScorecardResult r : results) {
      EntityRef o = direct.get(r.entity());
      if (o != null && under.computeIfAbsent(o, x -> idx.rollUp(x).contains(owner))) {
        mine.add(r);
      }
    }
    Map<EntityRef, EntityRef> mineOwners = new HashMap<>();
    mine.forEach(r -> mineOwners.put(r.entity(), direct.get(r.entity())));
    return new OwnerReport(owner, summaries(mine), mine, mineOwners);
  }

  /** Fleet-wide counts over a fresh evaluation. */
  public FleetReport fleet() {
    return fleet(sc.evaluateAll(false));
  }

  /** Fleet-wide counts over given results. */
  public FleetReport fleet(List<ScorecardResult> results) {
    return new FleetReport(sc.clock().instant(), summaries(results));
  }

  /** Levels per ISO week (UTC) from recorded results with {@code from <= evaluatedAt < to}. */
  public TrendReport trend(String scorecardId, Instant from, Instant to) {
    return trend(scorecardId, from, to, e -> true);
  }

  /** The same, counting only the entities {@code include} accepts (for example, what a caller may read). */
  public TrendReport trend(String scorecardId, Instant from, Instant to, java.util.function.Predicate<EntityRef> include) {
    Scorecard card = sc.scorecard(scorecardId);
    Map<String, Map<EntityRef, HistoryEntry>> byWeek = new TreeMap<>();
    for (HistoryEntry e : sc.resultHistory().history(scorecardId, from, to)) {
      if (!include.test(e.entity())) {
        continue;
      }
      byWeek.computeIfAbsent(isoWeek(e.evaluatedAt()), k -> new LinkedHashMap<>()).put(e.entity(), e);
    }
    List<TrendReport.Week> weeks = new ArrayList<>();
    for (Map.Entry<String, Map<EntityRef, HistoryEntry>> w : byWeek.entrySet()) {
      Map<String, Integer> levels = new LinkedHashMap<>();
      card.levels().forEach(l -> levels.put(l, 0));
      levels.put(CardSummary.NONE, 0);
      double pct = 0;
      for (HistoryEntry e : w.getValue().values()) {
        levels.merge(e.level() == null ? CardSummary.NONE : e.level(), 1, Integer::sum);
        pct += e.maxScore() == 0 ? 100 : 100 * e.score() / e.maxScore();
      }
      int n = w.getValue().size();
      weeks.add(new TrendReport.Week(w.getKey(), n, levels, Math.round(pct / n * 10) / 10.0));
    }
    return new TrendReport(scorecardId, weeks);
  }

  /** The ISO week of an instant in UTC, {@code 2026-W05}. */
  public static String isoWeek(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    return String.format("%d-W%02d", z.get(IsoFields.WEEK_BASED_YEAR), z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private List<CardSummary> summaries(List<ScorecardResult> results) {
    Map<String, List<ScorecardResult>> by = new LinkedHashMap<>();
    sc.scorecards().keySet().forEach(k -> by.put(k, new ArrayList<>()));
    results.forEach(r -> by.computeIfAbsent(r.scorecard().id(), k -> new ArrayList<>()).add(r));
    List<CardSummary> out = new ArrayList<>();
    for (Map.Entry<String, List<ScorecardResult>> e : by.entrySet()) {
      Scorecard card = sc.scorecards().get(e.getKey());
      if (card != null) {
        out.add(CardSummary.of(card, e.getValue()));
      }
    }
    return out;
  }

  /** Each result entity's own owner, read from the catalog. */
  public Map<EntityRef, EntityRef> directOwners(List<ScorecardResult> results) {
    List<EntityRef> refs = results.stream().map(ScorecardResult::entity).distinct().toList();
    Map<EntityRef, EntityRef> out = new HashMap<>();
    for (int i = 0; i < refs.size(); i += CHUNK) {
      List<EntityRef> chunk = refs.subList(i, Math.min(refs.size(), i + CHUNK));
      List<Entity> es = sc.catalog().entities(chunk);
      for (int j = 0; j < chunk.size(); j++) {
        Entity e = es.get(j);
        EntityRef o = e == null ? null : CatalogRetrievers.ownerOf(e);
        if (o != null) {
          out.put(chunk.get(j), o);
        }
      }
    }
    return out;
  }

  /**
   * The auditors' export: one row per entity, scorecard and rule with status and reason.
   * Columns: evaluatedAt, scorecard, entity, owner, level, score, maxScore, percent, rule, ruleLevel,
   * weight, status, reason.
   */
  public static String csv(List<ScorecardResult> results, Map<EntityRef, EntityRef> owners) {
    Csv csv =
        new Csv(
            List.of(
                "evaluatedAt", "scorecard", "entity", "owner", "level", "score", "maxScore", "percent", "rule",
                "ruleLevel", "weight", "status", "reason"));
    for (ScorecardResult r : results) {
      EntityRef o = owners.get(r.entity());
      for (RuleResult rr : r.rules()) {
        List<Object> row = new ArrayList<>();
        row.add(r.evaluatedAt());
        row.add(r.scorecard().id());
        row.add(r.entity());
        row.add(o == null ? "" : o);
        row.add(r.level() == null ? CardSummary.NONE : r.level());
        row.add(r.score());
        row.add(r.maxScore());
        row.add(r.percent());
        row.add(rr.rule().id());
        row.add(rr.rule().level() == null ? "" : rr.rule().level());
        row.add(rr.rule().weight());
        row.add(rr.status().name().toLowerCase(java.util.Locale.ROOT));
        row.add(rr.reason());
        csv.row(row);
      }
    }
    return csv.toString();
  }

  /** The JSON export: an array of {@link ScorecardResult#toJson()}. */
  public static ArrayNode json(List<ScorecardResult> results) {
    ArrayNode a = Json.nodes().arrayNode();
    results.forEach(r -> a.add(r.toJson()));
    return a;
  }
}
