package dev.greenroom.http.catalog;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPage;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityProjection;
import dev.greenroom.catalog.query.EntityQuery;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.query.FullTextFilter;
import dev.greenroom.catalog.query.QueryCursor;
import dev.greenroom.catalog.query.QueryLimits;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.internal.Bodies;
import dev.greenroom.http.internal.Params;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalog's entity routes under {@code /api/catalog} (Backstage's {@code createRouter.ts}),
 * with the location routes of {@link LocationRoutes}. Every read asks the permission policy for
 * {@link Permission#ENTITY_READ}: a denial empties list answers, a conditional decision is AND-ed
 * into the filter. Filters, projections, sort fields, full-text searches and facets are checked
 * against {@link QueryLimits} before anything is read: past a limit the answer is 400 naming the
 * parameter and the limit.
 */
public final class CatalogApiPlugin implements ApiPlugin {
  /**
   * The catalog's OpenAPI document, served at {@code /api/catalog/openapi.json}: every route this
   * plugin serves, written from Backstage's published shapes ({@code CatalogOpenApiTest} keeps the
   * two in step).
   */
  private static final java.util.function.Supplier<byte[]> OPENAPI = new java.util.function
      .Supplier<>() {
    private volatile byte @org.jspecify.annotations.Nullable [] bytes;

    @Override
    public byte[] get() {
      byte[] b = bytes;
      if (b == null) {
        try (java.io.InputStream in = CatalogApiPlugin.class.getResourceAsStream("openapi.json")) {
          b = Objects.requireNonNull(in, "openapi.json missing from the jar").readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        bytes = b;
      }
      return b;
    }
  };

  /** The largest page size accepted, far above what Backstage's client asks for. */
  public static final int MAX_LIMIT = 100_000;

  private static final Pattern ORDER = Pattern.compile("^(asc|desc):(.+)$");

  private final CatalogEngine engine;
  private final Catalog catalog;
  private final LocationRoutes locations;
  private final UnprocessedRoutes unprocessed;
  private final QueryLimits limits;

  /**
   * The catalog plugin with the default {@link QueryLimits}.
   *
   * @param engine the engine whose catalog is served
   * @param readonly {@code catalog.readonly}: location writes answer 403
   */
  public CatalogApiPlugin(CatalogEngine engine, boolean readonly) {
    this(engine, readonly, QueryLimits.defaults());
  }

  /**
   * The catalog plugin.
   *
   * @param engine the engine whose catalog is served
   * @param readonly {@code catalog.readonly}: location writes answer 403
   * @param limits the caps on one request's query
   */
  public CatalogApiPlugin(CatalogEngine engine, boolean readonly, QueryLimits limits) {
    this(engine, readonly, limits, java.util.List.of());
  }

  /**
   * The catalog plugin with analyzers for {@code POST /analyze-location}.
   *
   * @param engine the engine whose catalog is served
   * @param readonly {@code catalog.readonly}: location writes answer 403
   * @param limits the caps on one request's query
   * @param analyzers the SCM hosts' analyzers, asked in order
   */
  public CatalogApiPlugin(CatalogEngine engine, boolean readonly, QueryLimits limits,
      java.util.List<dev.greenroom.catalog.processing.location.ScmLocationAnalyzer> analyzers) {
    this.engine = Objects.requireNonNull(engine);
    this.catalog = engine.catalog();
    this.locations = new LocationRoutes(engine, readonly, analyzers);
    this.unprocessed = new UnprocessedRoutes(engine);
    this.limits = Objects.requireNonNull(limits);
  }

  @Override
  public String id() {
    return "catalog";
  }

  @Override
  public java.util.List<dev.greenroom.http.auth.Permission> permissions() {
    return java.util.List.of(dev.greenroom.http.auth.Permission.ENTITY_READ,
        dev.greenroom.http.auth.Permission.ENTITY_CREATE,
        dev.greenroom.http.auth.Permission.ENTITY_DELETE,
        dev.greenroom.http.auth.Permission.ENTITY_REFRESH,
        dev.greenroom.http.auth.Permission.ENTITY_VALIDATE,
        dev.greenroom.http.auth.Permission.LOCATION_READ,
        dev.greenroom.http.auth.Permission.LOCATION_CREATE,
        dev.greenroom.http.auth.Permission.LOCATION_ANALYZE,
        dev.greenroom.http.auth.Permission.LOCATION_DELETE,
        dev.greenroom.http.auth.Permission.UNPROCESSED_DELETE);
  }

  /** {@code catalog-entity} with Backstage's catalog rules ({@link CatalogPermissionRules}). */
  @Override
  public List<dev.greenroom.http.auth.PermissionResource<?>> permissionResources() {
    return List.of(CatalogPermissionRules.resource(catalog));
  }

  @Override
  public void routes(Router r) {
    r.get("/openapi.json", Set.of(), call -> call.bytes(200, "application/json; charset=utf-8",
        OPENAPI.get())).unauthenticated();
    r.get("/entities", Set.of("fields", "limit", "filter", "offset", "after", "order"), this::getEntities);
    r.get(
        "/entities/by-query",
        Set.of(
            "fields", "limit", "offset", "orderField", "cursor", "filter", "totalItems",
            "fullTextFilterTerm", "fullTextFilterFields"),
        this::getByQuery);
    r.post("/entities/by-query", Set.of(), this::postByQuery);
    r.post("/entities/by-refs", Set.of("filter"), this::byRefs);
    r.get("/entities/by-uid/:uid", Set.of(), this::getByUid);
    r.delete("/entities/by-uid/:uid", Set.of(), this::deleteByUid);
    r.get("/entities/by-name/:kind/:namespace/:name", Set.of(), this::getByName);
    r.get("/entities/by-name/:kind/:namespace/:name/ancestry", Set.of(), this::ancestry);
    r.get("/entity-facets", Set.of("facet", "filter"), this::getFacets);
    r.post("/entity-facets", Set.of(), this::postFacets);
    r.post("/refresh", Set.of(), this::refresh);
    locations.routes(r);
    unprocessed.routes(r);
  }

  // ---- permissions ----------------------------------------------------------------------------

  /** What the caller may read: null when denied, else a filter (match-all when allowed). */
  static @Nullable EntityPredicate readScope(Call call) {
    PermissionDecision d = call.decide(Permission.ENTITY_READ);
    if (d instanceof PermissionDecision.Deny) {
      return null;
    }
    if (d instanceof PermissionDecision.Conditional c) {
      return c.filter();
    }
    return EntityPredicate.matchAll();
  }

  static boolean isMatchAll(EntityPredicate p) {
    return p instanceof EntityPredicate.All a && a.predicates().isEmpty();
  }

  static EntityPredicate and(EntityPredicate a, EntityPredicate b) {
    if (isMatchAll(b)) {
      return a;
    }
    if (isMatchAll(a)) {
      return b;
    }
    return EntityPredicate.all(List.of(a, b));
  }

  static boolean matches(EntityPredicate p, Entity e) {
    return isMatchAll(p) || EntityFilters.matches(p, EntityFilters.indexOf(SearchIndex.rows(e)));
  }

  // ---- limits ---------------------------------------------------------------------------------

  /** The legacy {@code filter} parameters, within the limits, parsed. */
  private EntityPredicate legacyFilter(Call call) {
    List<String> params = call.queryAll("filter");
    limits.checkLegacyFilter("filter", params);
    EntityPredicate filter = EntityFilters.parseLegacy(params);
    limits.checkPredicate("filter", filter);
    return filter;
  }

  /** A JSON predicate from a request body ({@code parameter}), within the limits, parsed. */
  private EntityPredicate jsonFilter(String parameter, JsonNode query) {
    EntityPredicate filter = EntityFilters.parsePredicate(query);
    limits.checkPredicate(parameter, filter);
    return filter;
  }

  /** A {@code fields} projection within the limits. */
  private EntityProjection projection(String parameter, List<String> fields) {
    limits.checkFields(parameter, fields);
    return EntityProjection.parse(fields);
  }

  // ---- GET /entities --------------------------------------------------------------------------

  private void getEntities(Call call) throws IOException {
    EntityPredicate filter = legacyFilter(call);
    EntityProjection projection = projection("fields", call.queryAll("fields"));
    List<SortField> orders = new ArrayList<>();
    limits.checkOrder("order", call.queryAll("order").size());
    for (String o : call.queryAll("order")) {
      Matcher m = ORDER.matcher(o);
      if (!m.matches()) {
        throw ApiException.input(
            "Invalid order parameter \"" + o + "\", expected \"<asc or desc>:<field name>\"");
      }
      orders.add(new SortField(m.group(2), m.group(1).equals("desc")));
    }
    Integer limit = Params.integer(call.query("limit"), "limit", 1, MAX_LIMIT,
        "Invalid limit, must be greater than zero");
    Integer offset = Params.integer(call.query("offset"), "offset", 0, Integer.MAX_VALUE,
        "Invalid offset, must be zero or greater");
    String after = call.query("after");
    if (after != null) {
      int[] lo = decodeAfter(after);
      limit = lo[0];
      offset = lo[1];
    }
    EntityPredicate scope = readScope(call);
    if (limit == null && offset == null) {
      try (OutputStream out = new BufferedOutputStream(call.stream(200), 64 * 1024)) {
        out.write('[');
        if (scope != null) {
          boolean[] first = {true};
          catalog.forEach(
              and(filter, scope),
              orders.isEmpty() ? null : orders.get(0),
              e -> {
                try {
                  if (!first[0]) {
                    out.write(',');
                  }
                  first[0] = false;
                  if (projection.isAll()) {
                    out.write(e.toJsonString().getBytes(StandardCharsets.UTF_8));
                  } else {
                    out.write(Json.mapper().writeValueAsBytes(projection.apply(e.toJson())));
                  }
                } catch (IOException x) {
                  throw new UncheckedIOException(x);
                }
              });
        }
        out.write(']');
      }
      return;
    }
    int lim = limit == null ? MAX_LIMIT : limit;
    int off = offset == null ? 0 : offset;
    List<Entity> rows =
        scope == null ? List.of() : catalog.listEntities(and(filter, scope), orders, off, lim + 1);
    if (rows.size() > lim) {
      call.header("Link", "<" + nextLink(call, lim, off + lim) + ">; rel=\"next\"");
    }
    try (OutputStream out = new BufferedOutputStream(call.stream(200), 64 * 1024);
        JsonGenerator g = Json.mapper().createGenerator(out)) {
      g.writeStartArray();
      for (int i = 0; i < Math.min(lim, rows.size()); i++) {
        writeEntity(g, rows.get(i), projection);
      }
      g.writeEndArray();
    }
  }

  private static int[] decodeAfter(String after) {
    try {
      JsonNode n = Json.parse(new String(Base64.getDecoder().decode(after), StandardCharsets.UTF_8));
      JsonNode l = n.get("limit");
      JsonNode o = n.get("offset");
      if (l == null || o == null || !l.canConvertToInt() || !o.canConvertToInt() || !l.isIntegralNumber()
          || !o.isIntegralNumber() || l.asInt() < 1 || l.asInt() > MAX_LIMIT || o.asInt() < 0) {
        throw new IllegalArgumentException("bad cursor");
      }
      return new int[] {l.asInt(), o.asInt()};
    } catch (RuntimeException e) {
      throw ApiException.input("Malformed after cursor, could not be parsed");
    }
  }

  private static String nextLink(Call call, int limit, int offset) {
    ObjectNode c = Json.object().put("limit", limit).put("offset", offset);
    String cursor =
        Base64.getEncoder().encodeToString(Json.write(c).getBytes(StandardCharsets.UTF_8));
    StringBuilder sb = new StringBuilder("/entities?");
    boolean first = true;
    for (Map.Entry<String, List<String>> e : call.queryParams().entrySet()) {
      if (e.getKey().equals("offset") || e.getKey().equals("after")) {
        continue;
      }
      for (String v : e.getValue()) {
        sb.append(first ? "" : "&").append(Params.encode(e.getKey())).append('=').append(Params.encode(v));
        first = false;
      }
    }
    sb.append(first ? "" : "&").append("after=").append(Params.encode(cursor));
    return sb.toString();
  }

  // ---- by-query -------------------------------------------------------------------------------

  private void getByQuery(Call call) throws IOException {
    EntityProjection projection = projection("fields", call.queryAll("fields"));
    Integer limitParam = Params.integer(call.query("limit"), "limit", 0, MAX_LIMIT,
        "Invalid limit, must be zero or greater");
    int limit = limitParam == null ? EntityQuery.DEFAULT_LIMIT : limitParam;
    String cursor = call.query("cursor");
    EntityPredicate scope = readScope(call);
    if (cursor != null) {
      pageByCursor(call, cursor, limit, projection, scope);
      return;
    }
    boolean includeTotal = totalItems(call.query("totalItems"));
    EntityPredicate filter = legacyFilter(call);
    SortField order = null;
    List<String> orderFields = call.queryAll("orderField");
    limits.checkOrder("orderField", orderFields.size());
    if (!orderFields.isEmpty()) {
      String[] parts = orderFields.get(0).split(",", -1);
      String field = parts[0].trim();
      String dir = parts.length > 1 ? parts[1].trim() : "asc";
      if (field.isEmpty()) {
        throw ApiException.input("Invalid order field, must not be empty");
      }
      if (parts.length > 2 || !(dir.equals("asc") || dir.equals("desc"))) {
        throw ApiException.input("Invalid order field order, must be asc or desc");
      }
      order = new SortField(field, dir.equals("desc"));
    }
    FullTextFilter fullText = null;
    String term = call.query("fullTextFilterTerm");
    if (term != null && !term.trim().isEmpty()) {
      List<String> fields = new ArrayList<>();
      String ff = call.query("fullTextFilterFields");
      if (ff != null) {
        for (String f : ff.split(",")) {
          if (!f.trim().isEmpty()) {
            fields.add(f.trim());
          }
        }
      }
      fullText = new FullTextFilter(term.trim(), fields);
      limits.checkFullText("fullTextFilterTerm", fullText);
    }
    Integer offset = Params.integer(call.query("offset"), "offset", 0, Integer.MAX_VALUE,
        "Invalid offset, must be zero or greater");
    if (scope == null) {
      call.json(200, emptyPage());
      return;
    }
    EntityQuery q =
        new EntityQuery(and(filter, scope), false, order, fullText, projection, limit,
            offset == null ? 0 : offset, includeTotal);
    writePage(call, catalog.query(q));
  }

  private void postByQuery(Call call) throws IOException {
    JsonNode body = call.jsonBody();
    if (!body.isObject()) {
      throw ApiException.input("Malformed request: body must be an object");
    }
    EntityProjection projection = projection("fields", Bodies.strings(body, "fields"));
    Integer limitParam = Bodies.integer(body, "limit", 0, MAX_LIMIT);
    int limit = limitParam == null ? EntityQuery.DEFAULT_LIMIT : limitParam;
    EntityPredicate scope = readScope(call);
    JsonNode cursor = body.get("cursor");
    if (cursor != null && !cursor.isNull()) {
      if (!cursor.isString()) {
        throw ApiException.input("Malformed request: cursor must be a string");
      }
      pageByCursor(call, cursor.stringValue(), limit, projection, scope);
      return;
    }
    JsonNode total = body.get("totalItems");
    boolean includeTotal =
        totalItems(total == null || total.isNull() ? null : Bodies.string(body, "totalItems"));
    EntityPredicate filter = EntityPredicate.matchAll();
    JsonNode query = body.get("query");
    if (query != null && !query.isNull()) {
      filter = jsonFilter("query", query);
    }
    SortField order = null;
    JsonNode orderBy = body.get("orderBy");
    if (orderBy != null && !orderBy.isNull()) {
      limits.checkOrder("orderBy", orderBy.isArray() ? orderBy.size() : 1);
      JsonNode o = orderBy.isArray() ? orderBy.get(0) : orderBy;
      if (o != null) {
        if (!o.isObject() || !o.path("field").isString()) {
          throw ApiException.input("Malformed request: orderBy must hold objects {field, order}");
        }
        String dir = o.path("order").isString() ? o.path("order").stringValue() : "asc";
        if (!(dir.equals("asc") || dir.equals("desc"))) {
          throw ApiException.input("Invalid order field order, must be asc or desc");
        }
        order = new SortField(o.get("field").stringValue(), dir.equals("desc"));
      }
    }
    FullTextFilter fullText = null;
    JsonNode ft = body.get("fullTextFilter");
    if (ft != null && !ft.isNull()) {
      if (!ft.isObject()) {
        throw ApiException.input("Malformed request: fullTextFilter must be an object");
      }
      String term = ft.path("term").isString() ? ft.get("term").stringValue().trim() : "";
      if (!term.isEmpty()) {
        fullText = new FullTextFilter(term, Bodies.strings(ft, "fields"));
        limits.checkFullText("fullTextFilter", fullText);
      }
    }
    Integer offset = Bodies.integer(body, "offset", 0, Integer.MAX_VALUE);
    if (scope == null) {
      call.json(200, emptyPage());
      return;
    }
    EntityQuery q =
        new EntityQuery(and(filter, scope), true, order, fullText, projection, limit,
            offset == null ? 0 : offset, includeTotal);
    writePage(call, catalog.query(q));
  }

  private void pageByCursor(
      Call call, String cursor, int limit, EntityProjection projection, @Nullable EntityPredicate scope)
      throws IOException {
    QueryCursor c = QueryCursor.decode(cursor);
    limits.checkPredicate("cursor", c.filter());
    if (c.fullText() != null) {
      limits.checkFullText("cursor", c.fullText());
    }
    if (scope == null) {
      call.json(200, emptyPage());
      return;
    }
    if (!isMatchAll(scope)) {
      boolean scoped =
          c.filter() instanceof EntityPredicate.All a
              && !a.predicates().isEmpty()
              && a.predicates().get(a.predicates().size() - 1).equals(scope);
      if (!scoped) {
        c = new QueryCursor(and(c.filter(), scope), c.fromPredicate(), c.order(), c.fullText(),
            c.afterValue(), c.afterRef(), c.isPrevious(), c.firstValue(), c.firstRef(), c.totalItems());
        cursor = c.encode();
      }
    }
    writePage(call, catalog.query(cursor, limit, projection));
  }

  private static boolean totalItems(@Nullable String v) {
    if (v == null || v.equals("include")) {
      return true;
    }
    if (v.equals("exclude")) {
      return false;
    }
    throw ApiException.input("Invalid totalItems, must be include or exclude");
  }

  private static ObjectNode emptyPage() {
    ObjectNode n = Json.object();
    n.putArray("items");
    n.put("totalItems", 0);
    n.putObject("pageInfo");
    return n;
  }

  /**
   * Writes a page as {@code {items, totalItems, pageInfo}}, the same JSON a tree of it would give.
   * Without a projection each item is the entity's stored text, written as it is: no item is
   * parsed, copied or serialised again.
   */
  private static void writePage(Call call, EntityPage page) throws IOException {
    EntityProjection projection = page.projection();
    try (OutputStream out = new BufferedOutputStream(call.stream(200), 64 * 1024);
        JsonGenerator g = Json.mapper().createGenerator(out)) {
      g.writeStartObject();
      g.writeName("items");
      g.writeStartArray();
      for (Entity e : page.entities()) {
        writeEntity(g, e, projection);
      }
      g.writeEndArray();
      g.writeNumberProperty("totalItems", page.totalItems());
      g.writeName("pageInfo");
      g.writeStartObject();
      if (page.nextCursor() != null) {
        g.writeStringProperty("nextCursor", page.nextCursor());
      }
      if (page.prevCursor() != null) {
        g.writeStringProperty("prevCursor", page.prevCursor());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  /** One entity as an item: its stored text when nothing is projected, else the projected tree. */
  private static void writeEntity(JsonGenerator g, Entity e, EntityProjection projection) {
    if (projection.isAll()) {
      g.writeRawValue(e.toJsonString());
    } else {
      g.writeTree(projection.apply(e.toJson()));
    }
  }

  /** A single entity's answer: its stored text, as it is. */
  private static void writeEntity(Call call, Entity e) throws IOException {
    call.bytes(200, Call.JSON, e.toJsonString().getBytes(StandardCharsets.UTF_8));
  }

  // ---- by-refs --------------------------------------------------------------------------------

  private void byRefs(Call call) throws IOException {
    JsonNode body = call.jsonBody();
    String hint = "Malformed request body (did you remember to specify an application/json content type?), ";
    JsonNode refsNode = body.get("entityRefs");
    if (!body.isObject() || refsNode == null || !refsNode.isArray()) {
      throw ApiException.input(hint + "entityRefs must be an array of strings");
    }
    List<String> given = new ArrayList<>();
    for (JsonNode r : refsNode) {
      if (!r.isString()) {
        throw ApiException.input(hint + "entityRefs must be an array of strings");
      }
      given.add(r.stringValue());
    }
    List<String> fields;
    EntityPredicate filter;
    try {
      fields = Bodies.strings(body, "fields");
      limits.checkFields("fields", fields);
      filter = legacyFilter(call);
      JsonNode query = body.get("query");
      if (query != null && !query.isNull()) {
        filter = and(filter, jsonFilter("query", query));
      }
    } catch (ApiException e) {
      throw ApiException.input(hint + e.getMessage());
    }
    EntityProjection projection = EntityProjection.parse(fields);
    EntityPredicate scope = readScope(call);
    @Nullable Entity[] byPos = new Entity[given.size()];
    if (scope != null) {
      EntityPredicate effective = and(filter, scope);
      List<EntityRef> lookups = new ArrayList<>();
      List<Integer> positions = new ArrayList<>();
      for (int i = 0; i < given.size(); i++) {
        EntityRef ref = exactRef(given.get(i));
        if (ref != null) {
          lookups.add(ref);
          positions.add(i);
        }
      }
      List<@Nullable Entity> found = catalog.entities(lookups);
      for (int i = 0; i < positions.size(); i++) {
        Entity e = found.get(i);
        byPos[positions.get(i)] = e == null || !matches(effective, e) ? null : e;
      }
    }
    try (OutputStream out = new BufferedOutputStream(call.stream(200), 64 * 1024);
        JsonGenerator g = Json.mapper().createGenerator(out)) {
      g.writeStartObject();
      g.writeName("items");
      g.writeStartArray();
      for (Entity e : byPos) {
        if (e == null) {
          g.writeNull();
        } else {
          writeEntity(g, e, projection);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** The ref when {@code text} is a full ref (case aside), as Backstage matches refs; else null. */
  private static @Nullable EntityRef exactRef(String text) {
    try {
      EntityRef ref = EntityRef.parse(text);
      return ref.toString().equals(SearchIndex.normalize(text)) ? ref : null;
    } catch (InvalidEntityRefException | IllegalArgumentException e) {
      return null;
    }
  }

  // ---- single entities ------------------------------------------------------------------------

  private void getByUid(Call call) throws IOException {
    String uid = call.path("uid");
    EntityPredicate scope = readScope(call);
    Optional<Entity> e = catalog.entityByUid(uid);
    if (e.isEmpty() || scope == null || !matches(scope, e.get())) {
      throw ApiException.notFound("No entity with uid " + uid);
    }
    writeEntity(call, e.get());
  }

  private void deleteByUid(Call call) throws IOException {
    String uid = call.path("uid");
    PermissionDecision d = call.decide(Permission.ENTITY_DELETE);
    if (d instanceof PermissionDecision.Deny) {
      throw ApiException.notAllowed("You are not allowed to delete this entity");
    }
    Optional<Entity> e = catalog.entityByUid(uid);
    if (e.isPresent()) {
      if (d instanceof PermissionDecision.Conditional c && !matches(c.filter(), e.get())) {
        throw ApiException.notAllowed("You are not allowed to delete this entity");
      }
      engine.deleteEntity(e.get().ref());
    }
    call.empty(204);
  }

  /** The ref named by path parameters; 400 for names that cannot be entity names. */
  static EntityRef refFromPath(Call call) {
    String kind = call.path("kind");
    String namespace = call.path("namespace");
    String name = call.path("name");
    for (String s : List.of(kind, namespace, name)) {
      if (s.contains("/") || s.equals(".") || s.equals("..") || s.contains("\\")) {
        throw ApiException.input("Invalid entity ref path segment '" + s + "'");
      }
    }
    return EntityRef.of(kind, namespace, name);
  }

  private void getByName(Call call) throws IOException {
    EntityRef ref = refFromPath(call);
    EntityPredicate scope = readScope(call);
    Optional<Entity> e = catalog.entity(ref);
    if (e.isEmpty() || scope == null || !matches(scope, e.get())) {
      throw ApiException.notFound(
          "No entity named '" + call.path("name") + "' found, with kind '" + call.path("kind")
              + "' in namespace '" + call.path("namespace") + "'");
    }
    writeEntity(call, e.get());
  }

  private void ancestry(Call call) throws IOException {
    EntityRef root = refFromPath(call);
    PermissionDecision d = call.decide(Permission.ENTITY_READ);
    if (d instanceof PermissionDecision.Deny) {
      throw ApiException.notAllowed("You are not allowed to read this entity");
    }
    EntityPredicate scope =
        d instanceof PermissionDecision.Conditional c ? c.filter() : EntityPredicate.matchAll();
    Optional<Entity> rootEntity = catalog.entity(root);
    if (rootEntity.isEmpty() || !matches(scope, rootEntity.get())) {
      throw ApiException.notFound("No such entity " + root);
    }
    ArrayNode items = Json.nodes().arrayNode();
    Deque<Entity> todo = new ArrayDeque<>();
    Set<EntityRef> seen = new HashSet<>();
    todo.add(rootEntity.get());
    seen.add(root);
    while (!todo.isEmpty()) {
      Entity e = todo.poll();
      ObjectNode item = items.addObject();
      item.set("entity", e.toJson());
      ArrayNode parents = item.putArray("parentEntityRefs");
      for (EntityRef p : new LinkedHashSet<>(engine.state().parentsOf(e.ref()))) {
        Optional<Entity> pe = catalog.entity(p);
        if (pe.isEmpty() || !matches(scope, pe.get())) {
          continue;
        }
        parents.add(p.toString());
        if (seen.add(p)) {
          todo.add(pe.get());
        }
      }
    }
    ObjectNode out = Json.object().put("rootEntityRef", root.toString());
    out.set("items", items);
    call.json(200, out);
  }

  // ---- facets ---------------------------------------------------------------------------------

  private void getFacets(Call call) throws IOException {
    List<String> facets = call.queryAll("facet");
    if (facets.isEmpty()) {
      throw ApiException.input("Missing facet parameter");
    }
    limits.checkFacets("facet", facets.size());
    facets(call, facets, legacyFilter(call));
  }

  private void postFacets(Call call) throws IOException {
    JsonNode body = call.jsonBody();
    List<String> facets = Bodies.strings(body, "facets");
    if (facets.isEmpty()) {
      throw ApiException.input("Missing or empty facets parameter");
    }
    limits.checkFacets("facets", facets.size());
    EntityPredicate filter = EntityPredicate.matchAll();
    JsonNode query = body.get("query");
    if (query != null && !query.isNull()) {
      filter = jsonFilter("query", query);
    }
    facets(call, facets, filter);
  }

  private void facets(Call call, List<String> facets, EntityPredicate filter) throws IOException {
    for (String f : facets) {
      if (f.trim().isEmpty()) {
        throw ApiException.input("Invalid facet, must not be empty");
      }
    }
    EntityPredicate scope = readScope(call);
    ObjectNode out = Json.object();
    ObjectNode fo = out.putObject("facets");
    Map<String, List<FacetCount>> counts =
        scope == null ? Map.of() : catalog.facets(new LinkedHashSet<>(facets), and(filter, scope));
    for (String f : facets) {
      ArrayNode a = fo.putArray(f);
      for (FacetCount c : counts.getOrDefault(f, List.of())) {
        a.addObject().put("value", c.value()).put("count", c.count());
      }
    }
    call.json(200, out);
  }

  // ---- refresh --------------------------------------------------------------------------------

  private void refresh(Call call) throws IOException {
    JsonNode body = call.jsonBody();
    JsonNode refNode = body.get("entityRef");
    if (refNode == null || !refNode.isString()) {
      throw ApiException.input("Malformed request: entityRef must be a string");
    }
    EntityRef ref;
    try {
      ref = EntityRef.parse(refNode.stringValue());
    } catch (InvalidEntityRefException | IllegalArgumentException e) {
      throw ApiException.input(String.valueOf(e.getMessage()));
    }
    PermissionDecision d = call.decide(Permission.ENTITY_REFRESH);
    if (d instanceof PermissionDecision.Deny) {
      throw ApiException.notAllowed("You are not allowed to refresh this entity");
    }
    if (d instanceof PermissionDecision.Conditional c) {
      Optional<Entity> e = catalog.entity(ref);
      if (e.isPresent() && !matches(c.filter(), e.get())) {
        throw ApiException.notAllowed("You are not allowed to refresh this entity");
      }
    }
    if (!engine.refresh(ref)) {
      throw ApiException.notFound("Entity " + ref + " not found");
    }
    call.empty(200);
  }
}
