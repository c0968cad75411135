package dev.greenroom.search.http;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.search.Highlight;
import dev.greenroom.search.InvalidQueryException;
import dev.greenroom.search.SearchEngine;
import dev.greenroom.search.SearchQuery;
import dev.greenroom.search.SearchResult;
import dev.greenroom.search.SearchResultSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's search backend routes under {@code /api/search}: {@code GET /query} with {@code term},
 * {@code types[]} ({@code types=x}, {@code types[]=x} or {@code types[0]=x}), {@code
 * filters[field]=value} (several values of one field: any of them), {@code pageLimit} and {@code
 * pageCursor}. Answers {@code {results: [{type, document, highlight?, rank}], nextPageCursor?,
 * previousPageCursor?, numberOfResults}}; results of entities the caller may not read ({@code
 * catalog.entity.read}, conditions applied to the entity) are left out before paging. Bad
 * parameters are 400s whose message starts {@code Invalid query string:}, as Backstage's.
 */
public final class SearchApiPlugin implements ApiPlugin {
  private static final Pattern TYPES = Pattern.compile("types(\\[\\d{0,4}\\])?");
  private static final Pattern FILTERS = Pattern.compile("filters\\[([^\\[\\]]{1,100})\\](\\[\\d{0,4}\\])?");
  private static final int MAX_FILTERS = 20;

  private final SearchEngine engine;

  /** The routes over {@code engine}; see {@link SearchEngine#apiPlugin()}. */
  public SearchApiPlugin(SearchEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public String id() {
    return "search";
  }

  @Override
  public void routes(Router router) {
    router.get("/openapi.json", java.util.Set.of(),
        dev.greenroom.http.OpenApiDocument.route(SearchApiPlugin.class, "openapi.json")).unauthenticated();
    router.get("/query", Router.ANY_PARAMS, this::query);
  }

  private void query(Call call) throws IOException {
    SearchQuery query = parse(call);
    SearchResultSet set;
    try {
      set = engine.query(query, visibility(call));
    } catch (InvalidQueryException e) {
      throw ApiException.input("Invalid query string: " + e.getMessage());
    }
    call.json(200, json(set));
  }

  private static SearchQuery parse(Call call) {
    String term = "";
    List<String> types = new ArrayList<>();
    Map<String, List<String>> filters = new LinkedHashMap<>();
    String cursor = null;
    Integer limit = null;
    for (Map.Entry<String, List<String>> p : call.queryParams().entrySet()) {
      String key = p.getKey();
      List<String> values = p.getValue();
      if (key.equals("term")) {
        term = values.isEmpty() ? "" : values.get(0);
        if (values.size() > 1) {
          throw ApiException.input("Invalid query string: term is given " + values.size() + " times");
        }
      } else if (key.equals("pageCursor")) {
        cursor = values.isEmpty() ? null : values.get(0);
      } else if (key.equals("pageLimit")) {
        String v = values.isEmpty() ? "" : values.get(0).trim();
        try {
          limit = v.isEmpty() ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
          String shown = v.length() > 20 ? v.substring(0, 20) + "…" : v;
          throw ApiException.input("Invalid query string: The page limit \"" + shown + "\" is not a whole number");
        }
      } else if (TYPES.matcher(key).matches()) {
        for (String v : values) {
          if (!types.contains(v)) {
            types.add(v);
          }
        }
      } else {
        Matcher m = FILTERS.matcher(key);
        if (m.matches()) {
          filters.computeIfAbsent(m.group(1), k -> new ArrayList<>()).addAll(values);
          if (filters.size() > MAX_FILTERS) {
            throw ApiException.input("Invalid query string: more than " + MAX_FILTERS + " filters");
          }
        }
        // other parameters are ignored, as Backstage's passthrough schema does
      }
    }
    return new SearchQuery(term, types, filters, cursor, limit);
  }

  /**
   * Who may see an entity's documents: the policy's {@code catalog.entity.read}, decided once per
   * request; a conditional decision is applied to the entities of the hits, read from the catalog
   * in one batch (an entity the catalog no longer holds is not shown).
   */
  private SearchEngine.Visibility visibility(Call call) {
    PermissionDecision d = call.decide(Permission.ENTITY_READ);
    if (d instanceof PermissionDecision.Allow) {
      return refs -> refs;
    }
    Catalog catalog = engine.catalog();
    if (d instanceof PermissionDecision.Deny || catalog == null) {
      return refs -> List.of();
    }
    return refs -> {
      List<EntityRef> asked = new ArrayList<>(refs);
      List<@Nullable Entity> found = catalog.entities(asked);
      List<EntityRef> readable = new ArrayList<>();
      for (int i = 0; i < asked.size(); i++) {
        Entity e = found.get(i);
        if (e != null && call.mayRead(e)) {
          readable.add(asked.get(i));
        }
      }
      return readable;
    };
  }

  private static ObjectNode json(SearchResultSet set) {
    ObjectNode out = Json.object();
    ArrayNode results = out.putArray("results");
    for (SearchResult r : set.results()) {
      ObjectNode o = results.addObject();
      o.put("type", r.type());
      ObjectNode doc = o.putObject("document");
      doc.put("title", r.document().title());
      doc.put("text", r.document().text());
      doc.put("location", r.document().location());
      r.document().fields().forEach(doc::put);
      Highlight h = r.highlight();
      if (h != null) {
        ObjectNode hl = o.putObject("highlight");
        hl.put("preTag", h.preTag());
        hl.put("postTag", h.postTag());
        ObjectNode fields = hl.putObject("fields");
        h.fields().forEach(fields::put);
      }
      o.put("rank", r.rank());
    }
    putIfPresent(out, "nextPageCursor", set.nextPageCursor());
    putIfPresent(out, "previousPageCursor", set.previousPageCursor());
    out.put("numberOfResults", set.numberOfResults());
    return out;
  }

  private static void putIfPresent(ObjectNode o, String key, @Nullable String value) {
    if (value != null) {
      o.put(key, value);
    }
  }
}
