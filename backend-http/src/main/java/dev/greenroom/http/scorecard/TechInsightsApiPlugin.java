package dev.greenroom.http.scorecard;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.scorecard.ScorecardException;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.check.CheckOutcome;
import dev.greenroom.scorecard.check.Condition;
import dev.greenroom.scorecard.check.Verdict;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.FactField;
import dev.greenroom.scorecard.fact.FactSchema;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage Tech Insights' backend routes under {@code /api/tech-insights}, with its request and
 * response shapes:
 *
 * <ul>
 *   <li>{@code GET /checks}: every check;
 *   <li>{@code POST /checks/run/:namespace/:kind/:name} {@code { checks? }}: results for one entity;
 *   <li>{@code POST /checks/run} {@code { checks?, entities }}: results per entity (no entities:
 *       every entity that has facts); a failing entity carries {@code error};
 *   <li>{@code GET /facts/latest?entity=&ids[]=}: latest facts per retriever (422 without ids);
 *   <li>{@code GET /facts/range?entity=&ids[]=&startDatetime=&endDatetime=} (422 on bad dates);
 *   <li>{@code GET /fact-schemas?ids[]=}: the current schemas.
 * </ul>
 *
 * As in Tech Insights, a check whose facts are missing for the entity is left out of the results
 * (scorecards, by contrast, fail such a rule with the reason). Entity-scoped routes answer only for
 * entities the caller may read ({@code catalog.entity.read}; 404 otherwise, as the catalog does);
 * Tech Insights' own {@code tech-insights.*} permissions are not asked.
 */
public final class TechInsightsApiPlugin implements ApiPlugin {
  /** Most entities in one bulk run. */
  public static final int MAX_ENTITIES = 10_000;

  private final Scorecards sc;

  /** The plugin over a scorecard runtime. */
  public TechInsightsApiPlugin(Scorecards scorecards) {
    this.sc = Objects.requireNonNull(scorecards);
  }

  @Override
  public String id() {
    return "tech-insights";
  }

  @Override
  public void routes(Router r) {
    Set<String> ids = Set.of("ids[]", "ids");
    r.get("/checks", Set.of(), this::checks);
    r.post("/checks/run/:namespace/:kind/:name", Set.of(), this::runOne);
    r.post("/checks/run", Set.of(), this::runMany);
    r.get("/facts/latest", Set.of("entity", "ids[]", "ids"), this::latest);
    r.get("/facts/range", Set.of("entity", "ids[]", "ids", "startDatetime", "endDatetime"), this::range);
    r.get("/fact-schemas", ids, this::schemas);
  }

  private void checks(Call call) throws IOException {
    ArrayNode a = Json.nodes().arrayNode();
    sc.checks().values().forEach(c -> a.add(c.toJson()));
    call.json(200, a);
  }

  private void runOne(Call call) throws IOException {
    EntityRef ref = ScorecardHttp.pathRef(call);
    ScorecardHttp.requireReadable(call, sc.catalog(), ref);
    JsonNode body = call.jsonBody();
    call.json(200, results(ref, ScorecardHttp.strings(body, "checks")));
  }

  private void runMany(Call call) throws IOException {
    JsonNode body = call.jsonBody();
    List<String> checks = ScorecardHttp.strings(body, "checks");
    for (String c : checks) {
      if (!sc.checks().containsKey(c)) {
        throw ApiException.input("Unknown check '" + c + "'");
      }
    }
    List<EntityRef> refs = new ArrayList<>();
    JsonNode es = body.get("entities");
    if (es != null && !es.isNull()) {
      if (!es.isArray()) {
        throw ApiException.input("entities must be an array");
      }
      for (JsonNode e : es) {
        refs.add(ScorecardHttp.bodyRef(e));
      }
    }
    if (refs.isEmpty()) {
      refs.addAll(sc.factStore().entities());
    }
    if (refs.size() > MAX_ENTITIES) {
      throw ApiException.input("At most " + MAX_ENTITIES + " entities per run, got " + refs.size());
    }
    java.util.function.Predicate<EntityRef> readable = ScorecardHttp.readable(call, sc.catalog());
    ArrayNode out = Json.nodes().arrayNode();
    for (EntityRef ref : refs) {
      if (!readable.test(ref)) {
        continue;
      }
      ObjectNode o = out.addObject();
      o.put("entity", ref.toString());
      try {
        o.set("results", results(ref, checks));
      } catch (RuntimeException e) {
        o.set("results", Json.nodes().arrayNode());
        o.put("error", e.getMessage());
      }
    }
    call.json(200, out);
  }

  private ArrayNode results(EntityRef ref, List<String> checkIds) {
    List<CheckOutcome> outcomes;
    try {
      outcomes = sc.runChecks(ref, checkIds);
    } catch (ScorecardException e) {
      throw ApiException.input(e.getMessage());
    }
    Map<String, Fact> latest = null;
    ArrayNode a = Json.nodes().arrayNode();
    for (CheckOutcome o : outcomes) {
      if (o.verdict() == Verdict.MISSING) {
        continue;
      }
      if (latest == null) {
        latest = sc.latestFacts(ref, List.of());
      }
      ObjectNode r = a.addObject();
      ObjectNode check = o.check().toJson();
      ObjectNode meta = o.check().metadata().deepCopy();
      meta.setAll(o.verdict() == Verdict.PASS ? o.check().successMetadata() : o.check().failureMetadata());
      check.set("metadata", meta);
      r.set("check", check);
      r.put("result", o.verdict() == Verdict.PASS);
      ObjectNode facts = r.putObject("facts");
      for (Condition.Leaf leaf : leaves(o)) {
        if (leaf instanceof Condition.FactLeaf f && !facts.has(f.fact())) {
          FactSchema s = sc.schemas().get(f.retrieverId());
          FactField field = s.field(f.fact());
          Fact fact = latest.get(f.retrieverId());
          ObjectNode fo = facts.putObject(f.fact());
          fo.set("value", fact == null || fact.values().get(f.fact()) == null ? Json.nodes().nullNode() : fact.values().get(f.fact()));
          fo.put("type", field.type().schemaName());
          fo.put("description", field.description());
          if (fact != null) {
            fo.put("timestamp", fact.timestamp().toString());
          }
        }
      }
    }
    return a;
  }

  private static List<Condition.Leaf> leaves(CheckOutcome o) {
    List<Condition.Leaf> out = new ArrayList<>();
    o.check().condition().leaves(out::add);
    return out;
  }

  private void latest(Call call) throws IOException {
    EntityRef ref = ScorecardHttp.parseRef(call.query("entity"), "entity");
    ScorecardHttp.requireReadable(call, sc.catalog(), ref);
    List<String> ids = ScorecardHttp.ids(call);
    if (ids.isEmpty()) {
      throw new ApiException("InputError", 422, "Failed to parse ids from request");
    }
    ObjectNode out = Json.object();
    Map<String, Fact> latest = sc.factStore().latest(ref, ids);
    for (String id : ids) {
      Fact f = latest.get(id);
      if (f != null) {
        out.set(id, ScorecardHttp.factJson(f));
      }
    }
    call.json(200, out);
  }

  private void range(Call call) throws IOException {
    EntityRef ref = ScorecardHttp.parseRef(call.query("entity"), "entity");
    ScorecardHttp.requireReadable(call, sc.catalog(), ref);
    List<String> ids = ScorecardHttp.ids(call);
    if (ids.isEmpty()) {
      throw new ApiException("InputError", 422, "Failed to parse ids from request");
    }
    Instant start = ScorecardHttp.instant(call.query("startDatetime"), "startDatetime");
    Instant end = ScorecardHttp.instant(call.query("endDatetime"), "endDatetime");
    if (end.isBefore(start)) {
      throw new ApiException("InputError", 422, "endDatetime is before startDatetime");
    }
    ObjectNode out = Json.object();
    for (Map.Entry<String, List<Fact>> e : sc.factStore().range(ref, ids, start, end).entrySet()) {
      ArrayNode a = out.putArray(e.getKey());
      e.getValue().forEach(f -> a.add(ScorecardHttp.factJson(f)));
    }
    call.json(200, out);
  }

  private void schemas(Call call) throws IOException {
    List<String> ids = ScorecardHttp.ids(call);
    ArrayNode a = Json.nodes().arrayNode();
    for (FactSchema s : sc.schemas().values()) {
      if (ids.isEmpty() || ids.contains(s.id())) {
        a.add(s.toJson());
      }
    }
    call.json(200, a);
  }
}
