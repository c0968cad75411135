package dev.greenroom.http;

import dev.greenroom.catalog.CatalogException;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.query.InvalidQueryException;
import dev.greenroom.catalog.query.QueryLimits;
import dev.greenroom.catalog.store.QueryTimeoutException;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.UserTokenIssuer;
import dev.greenroom.http.auth.PermissionPolicy;
import dev.greenroom.http.catalog.CatalogApiPlugin;
import dev.greenroom.http.permission.PermissionApiPlugin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The framework-neutral routing core: plugins' routes under {@code /api/<plugin>}, authentication,
 * permissions, Backstage's error bodies, request logging and a request timer ({@value
 * #REQUESTS_METER}, see {@link Builder#meterRegistry}). Server adapters ({@link
 * BackendServer}, {@link GreenroomServlet}) hand it an {@link ApiRequest} and an {@link
 * ApiResponse}; it is immutable and thread-safe once built.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /** The default body size limit: 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  private final Map<String, List<Router.Entry>> plugins;
  // "/api/<id>/" of the plugins that declare long-lived routes: every other request is known to
  // be short without matching its route twice (isLongLived runs before handle, per request)
  private final List<String> longLivedPrefixes;
  private final Authenticator authenticator;
  private final PermissionPolicy policy;
  private final long maxBody;
  private final MeterRegistry meters;
  private final @Nullable CatalogEngine engine;
  private final @Nullable CorsPolicy cors;
  private final List<Interceptor> interceptors;
  private final List<Interceptor> pipeline;

  /**
   * Where the host's metrics scrape ({@link Builder#metricsScrape}) is served, to callers the
   * authenticator accepts, by the built-in plugin {@code greenroom}; without a scrape the path is
   * not mounted and answers 404.
   */
  public static final String METRICS_PATH = "/api/greenroom/metrics";

  /**
   * The timer of every answered request: tags {@code method} ({@code GET}, {@code POST}, ...,
   * {@code other} for a method outside HTTP's standard ones), {@code route} (the route template,
   * such as {@code /api/catalog/entities/by-name/:kind/:namespace/:name}; {@code unmatched} for
   * requests no route matched, never the raw path), {@code status} (the answer's status code) and
   * {@code outcome} ({@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}, ...).
   */
  public static final String REQUESTS_METER = "greenroom.http.server.requests";

  /** The {@code route} tag of requests that no route matched. */
  public static final String UNMATCHED_ROUTE = "unmatched";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private HttpApi(Builder b, List<ApiPlugin> all) {
    Map<String, List<Router.Entry>> m = new LinkedHashMap<>();
    for (ApiPlugin p : all) {
      if (!p.id().matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("invalid plugin id: " + p.id());
      }
      Router r = new Router();
      p.routes(r);
      if (b.userCookies != null) {
        UserTokenIssuer issuer = b.userCookies;
        String cookiePath = "/api/" + p.id();
        r.get("/.backstage/auth/v1/cookie", java.util.Set.of(),
            call -> issueCookie(call, issuer, cookiePath));
      }
      List<Permission> declared = p.permissions();
      List<dev.greenroom.http.auth.PermissionResource<?>> resources = p.permissionResources();
      if (!declared.isEmpty() || !resources.isEmpty()) {
        ObjectNode metadata = permissionMetadata(declared, resources);
        r.get("/.well-known/backstage/permissions/metadata", java.util.Set.of(),
            call -> call.json(200, metadata));
      }
      if (!resources.isEmpty()) {
        r.post("/.well-known/backstage/permissions/apply-conditions", java.util.Set.of(),
            new dev.greenroom.http.permission.ApplyConditions(resources));
      }
      if (m.put(p.id(), List.copyOf(r.entries())) != null) {
        throw new IllegalArgumentException("two plugins with id " + p.id());
      }
    }
    this.plugins = Map.copyOf(m);
    this.longLivedPrefixes =
        m.entrySet().stream()
            .filter(e -> e.getValue().stream().anyMatch(Router.Entry::longLived))
            .map(e -> "/api/" + e.getKey() + "/")
            .toList();
    this.authenticator = b.authenticator;
    this.policy = b.policy;
    this.maxBody = b.maxBody;
    this.meters = b.meters;
    this.engine = b.engine;
    this.cors = b.cors;
    this.interceptors = List.copyOf(b.interceptors);
    this.pipeline = pipeline();
  }

  /** The name of Backstage's user cookie. */
  public static final String AUTH_COOKIE = "backstage-auth";

  /** How long a user cookie lives. */
  static final java.time.Duration COOKIE_LIFETIME = java.time.Duration.ofHours(1);

  /**
   * {@code GET /api/<plugin>/.backstage/auth/v1/cookie}: a signed-in user gets a short-lived
   * {@code backstage-auth} cookie for the plugin's path (TechDocs images and styles load with it)
   * and {@code {expiresAt}}.
   */
  private static void issueCookie(Call call, UserTokenIssuer issuer, String path)
      throws IOException {
    String token = issuer.issueFor(call.principal(), COOKIE_LIFETIME).orElseThrow(() ->
        ApiException.unauthenticated("Only signed-in users get an auth cookie"));
    java.time.Instant expires = java.time.Instant.now().plus(COOKIE_LIFETIME)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    boolean secure = call.headers().firstValue("x-forwarded-proto").orElse("")
        .equalsIgnoreCase("https");
    call.header("Set-Cookie", AUTH_COOKIE + "=" + token + "; Path=" + path + "; Max-Age="
        + COOKIE_LIFETIME.toSeconds() + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    call.header("Cache-Control", "no-store");
    ObjectNode n = Json.object();
    n.put("expiresAt", expires.toString());
    call.json(200, n);
  }

  /**
   * A plugin's {@code /.well-known/backstage/permissions/metadata}: its permissions and the rules
   * of its resource types ({@code {name, description, resourceType, paramsSchema}}).
   */
  private static ObjectNode permissionMetadata(List<Permission> permissions,
      List<dev.greenroom.http.auth.PermissionResource<?>> resources) {
    ObjectNode n = Json.object();
    tools.jackson.databind.node.ArrayNode list = n.putArray("permissions");
    for (Permission p : permissions) {
      ObjectNode o = list.addObject();
      o.put("type", p.type());
      o.put("name", p.backstageName());
      ObjectNode attrs = o.putObject("attributes");
      p.action().ifPresent(a -> attrs.put("action", a));
      if (p.entityResource()) {
        o.put("resourceType", "catalog-entity");
      }
    }
    tools.jackson.databind.node.ArrayNode rules = n.putArray("rules");
    for (dev.greenroom.http.auth.PermissionResource<?> res : resources) {
      for (dev.greenroom.http.auth.PermissionRule<?> rule : res.rules().values()) {
        ObjectNode o = rules.addObject();
        o.put("name", rule.name());
        o.put("description", rule.description());
        o.put("resourceType", res.resourceType());
        o.set("paramsSchema", rule.paramsSchema());
      }
    }
    return n;
  }

  /**
   * The operations plugin {@code pluginId} declared, as an OpenAPI document names them ({@code
   * "GET /v2/tasks/{taskId}"}), sorted; without the routes the routing core adds to every plugin
   * ({@code /.well-known/backstage/..}, {@code /.backstage/..}) and without {@code /openapi.json} itself. For
   * {@link OpenApiDocument} checks.
   *
   * @throws IllegalArgumentException when no plugin has this id
   */
  public java.util.SortedSet<String> operations(String pluginId) {
    List<Router.Entry> entries = plugins.get(pluginId);
    if (entries == null) {
      throw new IllegalArgumentException("no plugin " + pluginId + "; plugins: " + pluginIds());
    }
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    for (Router.Entry e : entries) {
      String t = e.template();
      if (t.startsWith("/.well-known/backstage/") || t.startsWith("/.backstage/")
          || t.equals("/openapi.json")) {
        continue;
      }
      out.add(e.method() + " " + t.replaceAll(":([A-Za-z_][A-Za-z0-9_]*)", "{$1}"));
    }
    return out;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mounted plugin ids. */
  public List<String> pluginIds() {
    return List.copyOf(plugins.keySet());
  }

  /**
   * Answers one request. Never throws for a bad request: every failure becomes an error body (or,
   * once the response is committed, a cut-off response).
   */
  public void handle(ApiRequest request, ApiResponse response) {
    String path = request.rawPath();
    Match match = path.startsWith("/api/") ? route(request.method(), path) : null;
    Exchange exchange = new Exchange(request, response,
        match == null ? null : request.method() + " " + routeTemplate(match));
    exchange.match = match;
    try {
      new ChainStep(0).proceed(exchange);
    } catch (RuntimeException | IOException e) {
      // the error step answers every error it can; this is a failure while writing an error.
      LOG.warn("{} {} failed while answering", request.method(), path, e);
    }
  }

  /** The built-in steps around the host's interceptors; see {@link Interceptor}. */
  private List<Interceptor> pipeline() {
    List<Interceptor> steps = new ArrayList<>(6 + interceptors.size());
    steps.add(this::observe);
    steps.add(this::mapErrors);
    if (cors != null) {
      steps.add((ex, chain) -> {
        if (!applyCors(ex.request(), ex.response())) {
          chain.proceed(ex);
        } else {
          ex.status(204);
        }
      });
    }
    steps.add((ex, chain) -> {
      String path = ex.request().rawPath();
      if (path.startsWith(HEALTH_PREFIX)) {
        ex.status(health(ex.request(), ex.response(), path.substring(HEALTH_PREFIX.length())));
      } else {
        chain.proceed(ex);
      }
    });
    steps.add((ex, chain) -> {
      authenticate(ex, (Match) ex.match);
      chain.proceed(ex);
    });
    steps.addAll(interceptors);
    steps.add((ex, chain) -> ex.status(dispatch(ex, (Match) ex.match)));
    return List.copyOf(steps);
  }

  private final class ChainStep implements Interceptor.Chain {
    private final int index;

    ChainStep(int index) {
      this.index = index;
    }

    @Override
    public void proceed(Exchange exchange) throws IOException {
      if (index < pipeline.size()) {
        pipeline.get(index).intercept(exchange, new ChainStep(index + 1));
      }
    }
  }

  private static String routeTemplate(Match match) {
    return "/api/" + match.plugin + match.entry.template();
  }

  /** Request log and request timer: the outermost step. */
  private void observe(Exchange ex, Interceptor.Chain chain) throws IOException {
    long start = System.nanoTime();
    try {
      chain.proceed(ex);
    } finally {
      long nanos = System.nanoTime() - start;
      String method = ex.request().method();
      int status = ex.status();
      Timer.builder(REQUESTS_METER)
          .description("requests answered by Greenroom's REST API")
          .tag("method", METHODS.contains(method) ? method : "other")
          .tag("route", routeTag(ex, status))
          .tag("status", Integer.toString(status))
          .tag("outcome", Outcome.forStatus(status).name())
          .register(meters)
          .record(nanos, TimeUnit.NANOSECONDS);
      LOG.info("{} {} {} {}ms", method, ex.request().rawPath(), status, nanos / 1_000_000);
    }
  }

  /**
   * The {@code route} tag: the matched route's template; Backstage's two health checks by path;
   * {@code cors-preflight} for answered preflights; {@code unmatched} for the rest, so the tag
   * never carries a raw path.
   */
  private static String routeTag(Exchange ex, int status) {
    Object m = ex.match;
    if (m instanceof Match match) {
      return routeTemplate(match);
    }
    String path = ex.request().rawPath();
    if (path.equals(HEALTH_PREFIX + "liveness") || path.equals(HEALTH_PREFIX + "readiness")) {
      return path;
    }
    if (ex.request().method().equals("OPTIONS") && status == 204) {
      return "cors-preflight";
    }
    return UNMATCHED_ROUTE;
  }

  /** Exceptions of every later step become Backstage's error bodies. */
  private void mapErrors(Exchange ex, Interceptor.Chain chain) throws IOException {
    ApiRequest request = ex.request();
    ApiResponse response = ex.response();
    try {
      chain.proceed(ex);
    } catch (ApiException e) {
      ex.status(error(request, response, e.status(), e.name(), e.getMessage()));
    } catch (InvalidQueryException | InvalidEntityRefException e) {
      ex.status(error(request, response, 400, "InputError", e.getMessage()));
    } catch (QueryTimeoutException e) {
      LOG.warn("{} {}: {}", request.method(), request.rawPath(), e.getMessage());
      ex.status(error(request, response, 503, "ServiceUnavailableError",
          "The query ran longer than the database's statement timeout and was cancelled;"
              + " narrow the filter or try again later"));
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.method(), request.rawPath(), e);
      ex.status(error(request, response, 500, "Error", "Internal server error"));
    }
  }

  /** The caller, or 401; open routes let anonymous callers in. Unknown routes are 404 first. */
  private void authenticate(Exchange ex, @Nullable Match match) {
    ApiRequest request = ex.request();
    if (match == null) {
      parseQuery(request.rawQuery()); // a malformed query is a 400 before a 404
      throw ApiException.notFound("Not found: " + request.method() + " " + request.rawPath());
    }
    Optional<Principal> principal = authenticator.authenticate(authHeaders(request));
    if (principal.isEmpty() && match.entry.open()) {
      principal = Optional.of(dev.greenroom.http.auth.ApiPrincipal.ANONYMOUS);
    }
    if (principal.isEmpty()) {
      throw ApiException.unauthenticated(
          request.headers().firstValue("authorization").isPresent()
              ? "Invalid credentials"
              : "Missing credentials");
    }
    ex.principal(principal.get());
  }

  /**
   * The caller of a request that is not routed here, such as a WebSocket upgrade: the same
   * authenticator as every route; empty when the request carries no acceptable credentials.
   */
  public Optional<Principal> authenticate(java.net.http.HttpHeaders headers) {
    return authenticator.authenticate(headers);
  }

  /** Where Backstage's health checks live: {@code /.backstage/health/v1/{liveness,readiness}}. */
  static final String HEALTH_PREFIX = "/.backstage/health/v1/";

  /**
   * Backstage's health checks, without credentials (load balancers and orchestrators ask):
   * liveness answers while the process serves; readiness also needs the catalog's database.
   */
  private int health(ApiRequest request, ApiResponse response, String which) throws IOException {
    ObjectNode n = Json.object();
    int status;
    if (which.equals("liveness")) {
      status = 200;
      n.put("status", "ok");
    } else if (which.equals("readiness")) {
      status = 200;
      n.put("status", "ok");
      if (engine != null) {
        try {
          engine.catalog().store().size();
        } catch (RuntimeException e) {
          LOG.warn("readiness: the catalog's database does not answer: {}", e.toString());
          status = 503;
          n.put("status", "error");
          n.put("message", "The catalog's database does not answer");
        }
      }
    } else {
      return error(request, response, 404, "NotFoundError", "Not found: " + request.rawPath());
    }
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return error(request, response, 405, "NotAllowedError", "Health checks answer GET only");
    }
    byte[] body = Json.mapper().writeValueAsBytes(n);
    response.setHeader("Content-Type", Call.JSON);
    response.setHeader("Cache-Control", "no-store");
    try (OutputStream out = response.commit(status, body.length)) {
      out.write(body);
    }
    return status;
  }

  /** Adds the CORS headers; answers a preflight and returns true. */
  private boolean applyCors(ApiRequest request, ApiResponse response) throws IOException {
    CorsPolicy c = Objects.requireNonNull(cors);
    String origin = request.headers().firstValue("origin").orElse(null);
    boolean preflight = request.method().equals("OPTIONS")
        && request.headers().firstValue("access-control-request-method").isPresent();
    for (String[] h : c.headers(origin, preflight,
        request.headers().firstValue("access-control-request-headers"))) {
      response.setHeader(h[0], h[1]);
    }
    if (preflight) {
      response.commitEmpty(204);
    }
    return preflight;
  }

  /**
   * The headers authentication sees. Cookies count for reads only ({@code GET}, {@code HEAD}):
   * a browser sends them on cross-site requests too, so a cookie must never authorize a write.
   */
  private static java.net.http.HttpHeaders authHeaders(ApiRequest request) {
    java.net.http.HttpHeaders h = request.headers();
    String m = request.method();
    if (m.equals("GET") || m.equals("HEAD") || h.firstValue("cookie").isEmpty()) {
      return h;
    }
    return java.net.http.HttpHeaders.of(h.map(), (name, v) -> !name.equalsIgnoreCase("cookie"));
  }

  /** The route itself: parameters checked and decoded, the handler called. */
  private int dispatch(Exchange ex, @Nullable Match match) throws IOException {
    ApiRequest request = ex.request();
    ApiResponse response = ex.response();
    Match m = Objects.requireNonNull(match);
    Map<String, List<String>> query = parseQuery(request.rawQuery());
    if (m.entry.params() != null) {
      for (String name : query.keySet()) {
        if (!m.entry.params().contains(name)) {
          throw ApiException.input("Unknown query parameter '" + name + "'");
        }
      }
    }
    Map<String, String> pathParams = new HashMap<>();
    List<String> names = m.entry.paramNames();
    for (int i = 0; i < names.size(); i++) {
      pathParams.put(names.get(i), decodePathSegment(m.values.get(i)));
    }
    Call call = new Call(request, response, pathParams, query,
        ex.principal().orElseThrow(), policy, maxBody);
    m.entry.route().handle(call);
    if (!response.committed()) {
      call.empty(204);
    }
    return call.status();
  }


  private int error(ApiRequest request, ApiResponse response, int status, String name, @Nullable String message)
      throws IOException {
    if (response.committed()) {
      LOG.warn("{} {}: {} after the response was committed: {}", request.method(), request.rawPath(), name, message);
      return status;
    }
    response.setHeader("Content-Type", Call.JSON);
    byte[] body = Json.mapper().writeValueAsBytes(errorBody(request, status, name, message));
    try (OutputStream out = response.commit(status, body.length)) {
      out.write(body);
    }
    return status;
  }

  /** Backstage's error body. */
  static ObjectNode errorBody(ApiRequest request, int status, String name, @Nullable String message) {
    String q = request.rawQuery();
    return errorBody(
        request.method(), q == null ? request.rawPath() : request.rawPath() + "?" + q, status, name, message);
  }

  private static ObjectNode errorBody(
      String method, String url, int status, String name, @Nullable String message) {
    ObjectNode n = Json.object();
    n.putObject("error").put("name", name).put("message", message == null ? "" : message);
    n.putObject("request").put("method", method).put("url", url);
    n.putObject("response").put("statusCode", status);
    return n;
  }

  /**
   * Backstage's error body {@code {error: {name, message}, request: {method, url}, response:
   * {statusCode}}} as UTF-8 JSON, for errors a container raises before a request reaches {@link
   * GreenroomServlet}: Jetty 12, for example, refuses a request target with a bad percent escape in
   * its path itself, whatever its URI compliance, and answers with its error handler (see {@code
   * JettyMountExample} in the examples). Answer it with content type {@code application/json;
   * charset=utf-8}.
   *
   * @param method the request method
   * @param url the request target as received, or what the container kept of it
   * @param status the HTTP status
   * @param name Backstage's error name, for example {@code InputError}
   * @param message the message shown to the caller
   */
  public static byte[] errorJson(
      String method, String url, int status, String name, @Nullable String message) {
    return Json.mapper().writeValueAsBytes(errorBody(method, url, status, name, message));
  }

  /**
   * True when {@code method} and {@code rawPath} name a route declared with {@link
   * Router#getLongLived} or {@link Router#postLongLived}: a long poll, an event stream or a call
   * that waits for slow work, which a server may run apart from short requests.
   */
  public boolean isLongLived(String method, String rawPath) {
    if (longLivedPrefixes.stream().noneMatch(rawPath::startsWith)) {
      return false;
    }
    Match m = route(method, rawPath);
    return m != null && m.entry().longLived();
  }

  private record Match(String plugin, Router.Entry entry, List<String> values) {}

  private @Nullable Match route(String method, String rawPath) {
    if (!rawPath.startsWith("/api/")) {
      return null;
    }
    String rest = rawPath.substring(5);
    int slash = rest.indexOf('/');
    String plugin = slash < 0 ? rest : rest.substring(0, slash);
    List<Router.Entry> entries = plugins.get(plugin);
    if (entries == null) {
      return null;
    }
    // express matches a router's "/" at the mount point itself: /api/notifications
    String sub = slash < 0 ? "" : rest.substring(slash + 1);
    if (sub.length() > 1 && sub.endsWith("/")) {
      sub = sub.substring(0, sub.length() - 1); // express matches a trailing slash
    }
    String[] raw = sub.split("/", -1);
    for (Router.Entry e : entries) {
      if (!e.method().equals(method)) {
        continue;
      }
      List<String> values = e.match(raw);
      if (values != null) {
        return new Match(plugin, e, values);
      }
    }
    return null;
  }

  /** Percent-decodes one path segment ({@code +} stays a plus). */
  static String decodePathSegment(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.input("Malformed path segment '" + raw + "'");
    }
  }

  /** Parses a query string like Node's {@code qs}: {@code +} is a space, repeated names collect. */
  static Map<String, List<String>> parseQuery(@Nullable String raw) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      try {
        k = URLDecoder.decode(k, StandardCharsets.UTF_8);
        v = URLDecoder.decode(v, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.input("Malformed query string");
      }
      m.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
    }
    return m;
  }

  /** Configures an {@link HttpApi}. */
  public static final class Builder {
    private final List<ApiPlugin> plugins = new ArrayList<>();
    private Authenticator authenticator = Authenticator.allowAll();
    private PermissionPolicy policy = PermissionPolicy.allowAll();
    private long maxBody = DEFAULT_MAX_BODY_BYTES;
    private MeterRegistry meters = new CompositeMeterRegistry();
    private @Nullable Supplier<String> scrape;
    private String scrapeContentType = "";
    private @Nullable CatalogEngine engine;
    private boolean readonly;
    private @Nullable CorsPolicy cors;
    private final List<Interceptor> interceptors = new ArrayList<>();
    private @Nullable UserTokenIssuer userCookies;
    private QueryLimits queryLimits = QueryLimits.defaults();
    private final List<dev.greenroom.catalog.processing.location.ScmLocationAnalyzer> analyzers =
        new ArrayList<>();

    private Builder() {}

    /**
     * Adds a step to every request's pipeline, after authentication and before the route (see
     * {@link Interceptor} for the whole chain): tracing, rate limits per caller, audit logs.
     */
    public Builder interceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Serves {@code /api/<plugin>/.backstage/auth/v1/cookie} on every plugin: signed-in users get
     * a short-lived {@code backstage-auth} cookie made by this issuer, which the authenticator
     * then accepts on reads ({@code GET}, {@code HEAD}) of that plugin. Default: no cookies.
     */
    public Builder userCookies(UserTokenIssuer issuer) {
      this.userCookies = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * Answers browsers on other origins ({@code backend.cors}): preflights and the CORS headers
     * on every answer, event streams included. Default: no CORS headers.
     */
    public Builder cors(CorsPolicy cors) {
      this.cors = Objects.requireNonNull(cors, "cors");
      return this;
    }

    /** Serves the catalog of this engine under {@code /api/catalog}. */
    public Builder catalog(CatalogEngine engine) {
      this.engine = Objects.requireNonNull(engine);
      return this;
    }

    /** {@code catalog.readonly}: location writes answer 403. */
    public Builder readonly(boolean readonly) {
      this.readonly = readonly;
      return this;
    }

    /**
     * The caps on one catalog query (filter sets, conditions, values, fields, sort fields,
     * full-text terms, facets); default {@link QueryLimits#defaults()}. Past a cap: 400.
     */
    public Builder queryLimits(QueryLimits limits) {
      this.queryLimits = Objects.requireNonNull(limits);
      return this;
    }

    /**
     * Adds analyzers of SCM hosts for {@code POST /api/catalog/analyze-location}, asked in order
     * (the first that supports a URL answers); none by default, so every repository gets a
     * proposed Component.
     */
    public Builder locationAnalyzers(
        List<? extends dev.greenroom.catalog.processing.location.ScmLocationAnalyzer> analyzers) {
      analyzers.forEach(a -> this.analyzers.add(Objects.requireNonNull(a, "analyzer")));
      return this;
    }

    /**
     * Where the request timer ({@value HttpApi#REQUESTS_METER}) is recorded; default an empty
     * {@link CompositeMeterRegistry}, which records nothing.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meters = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Serves {@value HttpApi#METRICS_PATH} with the text {@code scrape} gives on each request (for
     * example a Prometheus registry's {@code scrape}) and {@code contentType}, to callers the
     * authenticator accepts. Default: the path is not mounted (404).
     */
    public Builder metricsScrape(Supplier<String> scrape, String contentType) {
      this.scrape = Objects.requireNonNull(scrape, "scrape");
      if (contentType.isBlank()) {
        throw new IllegalArgumentException("the metrics scrape needs a content type");
      }
      this.scrapeContentType = contentType;
      return this;
    }

    /** Who may call; default everybody. */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator);
      return this;
    }

    /** What callers may do; default everything. */
    public Builder permissionPolicy(PermissionPolicy policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    /** The largest request body accepted (413 beyond); default 1 MiB. */
    public Builder maxBodyBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("body limit must be positive");
      }
      this.maxBody = bytes;
      return this;
    }

    /** Mounts another plugin under {@code /api/<id>}. */
    public Builder plugin(ApiPlugin plugin) {
      plugins.add(Objects.requireNonNull(plugin));
      return this;
    }

    /** The routing core. */
    public HttpApi build() {
      List<ApiPlugin> all = new ArrayList<>();
      if (engine != null) {
        all.add(new CatalogApiPlugin(engine, readonly, queryLimits, analyzers));
      }
      all.addAll(plugins);
      if (all.stream().noneMatch(p -> p.id().equals("permission"))) {
        List<Permission> known = new ArrayList<>();
        all.forEach(p -> known.addAll(p.permissions()));
        all.add(new PermissionApiPlugin(known, policy, engine == null ? null : engine.catalog()));
      }
      Supplier<String> text = scrape;
      if (text != null) {
        String contentType = scrapeContentType;
        all.add(new ApiPlugin() {
          @Override
          public String id() {
            return "greenroom";
          }

          @Override
          public void routes(Router router) {
            router.get("/metrics", java.util.Set.of(), call -> {
              call.header("Cache-Control", "no-store");
              call.bytes(200, contentType, text.get().getBytes(StandardCharsets.UTF_8));
            });
          }
        });
      }
      return new HttpApi(this, all);
    }
  }
}
