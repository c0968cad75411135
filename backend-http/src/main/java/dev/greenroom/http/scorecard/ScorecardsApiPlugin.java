package dev.greenroom.http.scorecard;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.scorecard.InvalidFactException;
import dev.greenroom.scorecard.ScorecardException;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.card.Rule;
import dev.greenroom.scorecard.card.Scorecard;
import dev.greenroom.scorecard.card.ScorecardResult;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.FactType;
import dev.greenroom.scorecard.report.FleetReport;
import dev.greenroom.scorecard.report.OwnerReport;
import dev.greenroom.scorecard.report.Reports;
import dev.greenroom.scorecard.report.TrendReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Greenroom's scorecard routes under {@code /api/scorecards}:
 *
 * <ul>
 *   <li>{@code GET /scorecards}: the definitions (levels, rules, weights, checks);
 *   <li>{@code GET /exemptions}: every exemption (scorecard, rule, entity, reason, expiry, active
 *       now) of the entities the caller may read;
 *   <li>{@code GET /results/:namespace/:kind/:name}: every applicable scorecard for the entity, now,
 *       with per-rule reasons (404 for an entity the catalog does not know);
 *   <li>{@code GET /reports/entity/:namespace/:kind/:name}, {@code /reports/owner/:namespace/:kind/:name},
 *       {@code /reports/fleet}, {@code /reports/trend?scorecard=&from=&to=} (default the last 12
 *       weeks), each with {@code format=json} (default) or {@code csv};
 *   <li>{@code GET /export?format=csv|json&scorecard=}: every result with every rule's status and
 *       reason, for auditors;
 *   <li>{@code POST /facts} {@code { id, entity, facts, timestamp? }}: push facts (CI), checked
 *       against the schema of {@code id}; 201 with the stored fact;
 *   <li>{@code POST /evaluate}: evaluate everything now and record it for trends; answers the fleet
 *       report.
 * </ul>
 *
 * Entity, owner, fleet and export reports evaluate on request over the latest facts. Every answer
 * holds only entities the caller may read ({@code catalog.entity.read}, conditions included); a
 * single entity the caller may not read answers 404, as the catalog does.
 */
public final class ScorecardsApiPlugin implements ApiPlugin {
  /** The CSV content type. */
  public static final String CSV = "text/csv; charset=utf-8";

  /** Push facts for an entity ({@code POST /facts}); CI systems hold it, readers do not. */
  public static final Permission FACTS_PUSH = Permission.of("scorecards.facts.push", false);

  /** Evaluate every scorecard now and record the results ({@code POST /evaluate}). */
  public static final Permission EVALUATE = Permission.of("scorecards.evaluate", false);

  private final Scorecards sc;

  /** The plugin over a scorecard runtime. */
  public ScorecardsApiPlugin(Scorecards scorecards) {
    this.sc = Objects.requireNonNull(scorecards);
  }

  @Override
  public String id() {
    return "scorecards";
  }

  @Override
  public java.util.List<Permission> permissions() {
    return java.util.List.of(FACTS_PUSH, EVALUATE);
  }

  @Override
  public void routes(Router r) {
    Set<String> fmt = Set.of("format");
    r.get("/scorecards", Set.of(), this::definitions);
    r.get("/exemptions", Set.of(), this::exemptions);
    r.get("/results/:namespace/:kind/:name", Set.of(), this::results);
    r.get("/reports/entity/:namespace/:kind/:name", fmt, this::entityReport);
    r.get("/reports/owner/:namespace/:kind/:name", fmt, this::ownerReport);
    r.get("/reports/fleet", fmt, this::fleetReport);
    r.get("/reports/trend", Set.of("format", "scorecard", "from", "to"), this::trendReport);
    r.get("/export", Set.of("format", "scorecard"), this::export);
    r.post("/facts", Set.of(), this::pushFacts);
    r.post("/evaluate", Set.of(), this::evaluate);
  }

  private void definitions(Call call) throws IOException {
    ArrayNode a = Json.nodes().arrayNode();
    for (Scorecard s : sc.scorecards().values()) {
      ObjectNode o = a.addObject();
      o.put("id", s.id());
      o.put("title", s.title());
      o.put("description", s.description());
      o.put("filter", s.filterText());
      ArrayNode levels = o.putArray("levels");
      s.levels().forEach(levels::add);
      ArrayNode rules = o.putArray("rules");
      for (Rule r : s.rules()) {
        ObjectNode ro = rules.addObject();
        ro.put("id", r.id());
        ro.put("title", r.title());
        ro.put("description", r.description());
        ro.put("level", r.level());
        ro.put("weight", r.weight());
        ro.set("check", r.check().toJson());
      }
    }
    call.json(200, a);
  }

  private void exemptions(Call call) throws IOException {
    java.util.function.Predicate<EntityRef> ok = ScorecardHttp.readable(call, sc.catalog());
    Instant now = sc.clock().instant();
    ArrayNode a = Json.nodes().arrayNode();
    for (dev.greenroom.scorecard.card.Exemption e : sc.exemptions()) {
      if (!ok.test(e.entity())) {
        continue;
      }
      ObjectNode o = a.addObject();
      o.put("scorecard", e.scorecardId());
      o.put("rule", e.ruleId());
      o.put("entity", e.entity().toString());
      o.put("reason", e.reason());
      o.put("expires", e.expires().toString());
      o.put("active", e.activeAt(now));
    }
    call.json(200, a);
  }

  private List<ScorecardResult> entityResults(Call call) {
    EntityRef ref = ScorecardHttp.pathRef(call);
    if (sc.catalog().entity(ref).isEmpty()) {
      throw ApiException.notFound("No entity named '" + ref + "' found");
    }
    ScorecardHttp.requireReadable(call, sc.catalog(), ref);
    return sc.evaluate(ref);
  }

  private void results(Call call) throws IOException {
    call.json(200, Reports.json(entityResults(call)));
  }

  private void entityReport(Call call) throws IOException {
    List<ScorecardResult> rs = entityResults(call);
    if (csv(call)) {
      text(call, Reports.csv(rs, sc.reports().directOwners(rs)));
    } else {
      call.json(200, Reports.json(rs));
    }
  }

  private void ownerReport(Call call) throws IOException {
    EntityRef owner = ScorecardHttp.pathRef(call);
    boolean csv = csv(call);
    OwnerReport rep = sc.reports().owner(owner, readableResults(call, sc.scorecards().values()));
    if (csv) {
      text(call, rep.toCsv());
    } else {
      call.json(200, rep.toJson());
    }
  }

  private void fleetReport(Call call) throws IOException {
    boolean csv = csv(call);
    FleetReport rep = sc.reports().fleet(readableResults(call, sc.scorecards().values()));
    if (csv) {
      text(call, rep.toCsv());
    } else {
      call.json(200, rep.toJson());
    }
  }

  private void trendReport(Call call) throws IOException {
    boolean csv = csv(call);
    String card = call.query("scorecard");
    if (card == null) {
      throw ApiException.input("Missing scorecard");
    }
    if (!sc.scorecards().containsKey(card)) {
      throw ApiException.notFound("No scorecard named '" + card + "'");
    }
    Instant now = sc.clock().instant();
    Instant to = optInstant(call.query("to"), "to", now.plusMillis(1));
    Instant from = optInstant(call.query("from"), "from", to.minus(Duration.ofDays(7 * 12)));
    TrendReport rep = sc.reports().trend(card, from, to, ScorecardHttp.readable(call, sc.catalog()));
    if (csv) {
      text(call, rep.toCsv());
    } else {
      call.json(200, rep.toJson());
    }
  }

  private void export(Call call) throws IOException {
    boolean csv = csv(call);
    String card = call.query("scorecard");
    List<ScorecardResult> rs;
    try {
      rs = readableResults(call, card == null ? sc.scorecards().values() : List.of(sc.scorecard(card)));
    } catch (ScorecardException e) {
      throw ApiException.notFound(e.getMessage());
    }
    if (csv) {
      text(call, Reports.csv(rs, sc.reports().directOwners(rs)));
    } else {
      call.json(200, Reports.json(rs));
    }
  }

  private void pushFacts(Call call) throws IOException {
    call.require(FACTS_PUSH);
    JsonNode body = call.strictJsonBody();
    JsonNode id = body.get("id");
    if (id == null || !id.isString()) {
      throw ApiException.input("id (the fact schema) must be a string");
    }
    JsonNode entity = body.get("entity");
    if (entity == null) {
      throw ApiException.input("entity is missing");
    }
    EntityRef ref = ScorecardHttp.bodyRef(entity);
    JsonNode facts = body.get("facts");
    if (facts == null || !facts.isObject()) {
      throw ApiException.input("facts must be an object of fact name to value");
    }
    Instant ts = null;
    JsonNode t = body.get("timestamp");
    if (t != null && !t.isNull()) {
      ts = t.isString() ? FactType.parseInstant(t.stringValue()) : null;
      if (ts == null) {
        throw ApiException.input("timestamp must be an ISO-8601 datetime");
      }
    }
    Fact f;
    try {
      f = sc.pushFacts(id.stringValue(), ref, facts, ts);
    } catch (InvalidFactException e) {
      throw ApiException.input(e.getMessage());
    }
    call.json(201, ScorecardHttp.factJson(f));
  }

  private void evaluate(Call call) throws IOException {
    call.require(EVALUATE);
    List<ScorecardResult> rs = sc.evaluateAll(true);
    call.json(200, sc.reports().fleet(rs).toJson());
  }

  /** Results of the scorecards, now, for the entities the caller may read. */
  private List<ScorecardResult> readableResults(Call call, java.util.Collection<Scorecard> cards) {
    java.util.function.Predicate<EntityRef> ok = ScorecardHttp.readable(call, sc.catalog());
    List<ScorecardResult> out = new java.util.ArrayList<>();
    sc.evaluateEach(cards, r -> {
      if (ok.test(r.entity())) {
        out.add(r);
      }
    });
    return out;
  }

  private static boolean csv(Call call) {
    String f = call.query("format");
    if (f == null || f.equals("json")) {
      return false;
    }
    if (f.equals("csv")) {
      return true;
    }
    throw ApiException.input("format must be json or csv, not '" + f + "'");
  }

  private static Instant optInstant(@Nullable String text, String name, Instant dflt) {
    if (text == null) {
      return dflt;
    }
    Instant t = FactType.parseInstant(text);
    if (t == null) {
      throw ApiException.input("Invalid " + name + ": expected an ISO-8601 datetime");
    }
    return t;
  }

  private static void text(Call call, String body) throws IOException {
    call.bytes(200, CSV, body.getBytes(StandardCharsets.UTF_8));
  }
}
