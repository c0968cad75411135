package dev.greenroom.http;

import dev.greenroom.catalog.CatalogException;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.query.InvalidQueryException;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.PermissionPolicy;
import dev.greenroom.http.catalog.CatalogApiPlugin;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The framework-neutral routing core: plugins' routes under {@code /api/<plugin>}, authentication,
 * permissions, Backstage's error bodies, request logging and metrics. Server adapters ({@link
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
  private final Map<String, Stats> stats = new ConcurrentHashMap<>();
  private final @Nullable CatalogEngine engine;

  /**
   * Where {@link #metrics()} is served in Prometheus' text format, to callers the authenticator
   * accepts: the request counters and latency histograms per route, and the processing queue
   * depths. Served by the built-in plugin {@code greenroom}.
   */
  public static final String METRICS_PATH = "/api/greenroom/metrics";

  private HttpApi(Builder b, List<ApiPlugin> all) {
    Map<String, List<Router.Entry>> m = new LinkedHashMap<>();
    for (ApiPlugin p : all) {
      if (!p.id().matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("invalid plugin id: " + p.id());
      }
      Router r = new Router();
      p.routes(r);
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
    this.engine = b.engine;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mounted plugin ids. */
  public List<String> pluginIds() {
    return List.copyOf(plugins.keySet());
  }

  /** The per-route counters so far, and the catalog's processing gauges. */
  public MetricsSnapshot metrics() {
    Map<String, MetricsSnapshot.RouteMetrics> m = new HashMap<>();
    stats.forEach((k, v) -> m.put(k, v.snapshot()));
    Map<String, Long> gauges = new java.util.TreeMap<>();
    if (engine != null) {
      try {
        gauges.put("catalog_entities", engine.catalog().store().size());
        gauges.put("catalog_processing_due", engine.state().dueCount(java.time.Instant.now()));
        gauges.put("catalog_stitch_queued", engine.state().stitchQueueSize());
        gauges.put("catalog_restitch_deferred", engine.catalog().store().deferredCount());
      } catch (RuntimeException e) {
        LOG.warn("reading the catalog's processing gauges failed", e);
      }
    }
    return new MetricsSnapshot(m, gauges);
  }

  /**
   * Answers one request. Never throws for a bad request: every failure becomes an error body (or,
   * once the response is committed, a cut-off response).
   */
  public void handle(ApiRequest request, ApiResponse response) {
    long start = System.nanoTime();
    String routeKey = "unmatched";
    int status = 500;
    String path = request.rawPath();
    try {
      Match match = route(request.method(), path);
      if (match != null) {
        routeKey = request.method() + " /api/" + match.plugin + match.entry.template();
      }
      status = dispatch(request, response, match);
    } catch (RuntimeException | IOException e) {
      // dispatch answers every error it can; this is a failure while writing an error.
      LOG.warn("{} {} failed while answering", request.method(), path, e);
    } finally {
      long ms = (System.nanoTime() - start) / 1_000_000;
      stats.computeIfAbsent(routeKey, k -> new Stats()).record(status, ms);
      LOG.info("{} {} {} {}ms", request.method(), path, status, ms);
    }
  }

  private int dispatch(ApiRequest request, ApiResponse response, @Nullable Match match)
      throws IOException {
    Call call = null;
    try {
      Map<String, List<String>> query = parseQuery(request.rawQuery());
      if (match == null) {
        throw ApiException.notFound("Not found: " + request.method() + " " + request.rawPath());
      }
      Optional<Principal> principal = authenticator.authenticate(request.headers());
      if (principal.isEmpty()) {
        throw ApiException.unauthenticated(
            request.headers().firstValue("authorization").isPresent()
                ? "Invalid credentials"
                : "Missing credentials");
      }
      if (match.entry.params() != null) {
        for (String name : query.keySet()) {
          if (!match.entry.params().contains(name)) {
            throw ApiException.input("Unknown query parameter '" + name + "'");
          }
        }
      }
      Map<String, String> pathParams = new HashMap<>();
      List<String> names = match.entry.paramNames();
      for (int i = 0; i < names.size(); i++) {
        pathParams.put(names.get(i), decodePathSegment(match.values.get(i)));
      }
      call = new Call(request, response, pathParams, query, principal.get(), policy, maxBody);
      match.entry.route().handle(call);
      if (!response.committed()) {
        call.empty(204);
      }
      return call.status();
    } catch (ApiException e) {
      return error(request, response, e.status(), e.name(), e.getMessage());
    } catch (InvalidQueryException | InvalidEntityRefException e) {
      return error(request, response, 400, "InputError", e.getMessage());
    } catch (CatalogException e) {
      LOG.error("{} {} failed", request.method(), request.rawPath(), e);
      return error(request, response, 500, "Error", "Internal server error");
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.method(), request.rawPath(), e);
      return error(request, response, 500, "Error", "Internal server error");
    }
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
    ObjectNode n = Json.object();
    n.putObject("error").put("name", name).put("message", message == null ? "" : message);
    String q = request.rawQuery();
    n.putObject("request")
        .put("method", request.method())
        .put("url", q == null ? request.rawPath() : request.rawPath() + "?" + q);
    n.putObject("response").put("statusCode", status);
    return n;
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
    if (entries == null || slash < 0) {
      return null;
    }
    String sub = rest.substring(slash + 1);
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

  private static final class Stats {
    private final AtomicLongArray a = new AtomicLongArray(4 + MetricsSnapshot.BUCKETS_MS.size() + 1);

    void record(int status, long ms) {
      a.incrementAndGet(0);
      if (status >= 400) {
        a.incrementAndGet(1);
      }
      a.addAndGet(2, ms);
      a.accumulateAndGet(3, ms, Math::max);
      int b = 0;
      while (b < MetricsSnapshot.BUCKETS_MS.size() && ms > MetricsSnapshot.BUCKETS_MS.get(b)) {
        b++;
      }
      a.incrementAndGet(4 + b);
    }

    MetricsSnapshot.RouteMetrics snapshot() {
      List<Long> h = new ArrayList<>();
      for (int i = 4; i < a.length(); i++) {
        h.add(a.get(i));
      }
      return new MetricsSnapshot.RouteMetrics(a.get(0), a.get(1), a.get(2), a.get(3), h);
    }
  }

  /** Configures an {@link HttpApi}. */
  public static final class Builder {
    private final List<ApiPlugin> plugins = new ArrayList<>();
    private Authenticator authenticator = Authenticator.allowAll();
    private PermissionPolicy policy = PermissionPolicy.allowAll();
    private long maxBody = DEFAULT_MAX_BODY_BYTES;
    private @Nullable CatalogEngine engine;
    private boolean readonly;

    private Builder() {}

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
        all.add(new CatalogApiPlugin(engine, readonly));
      }
      all.addAll(plugins);
      HttpApi[] self = new HttpApi[1];
      all.add(new ApiPlugin() {
        @Override
        public String id() {
          return "greenroom";
        }

        @Override
        public void routes(Router router) {
          router.get("/metrics", java.util.Set.of(), call -> call.bytes(200,
              "text/plain; version=0.0.4; charset=utf-8",
              self[0].metrics().toPrometheus().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
      });
      self[0] = new HttpApi(this, all);
      return self[0];
    }
  }
}
