package dev.greenroom.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.query.QueryLimits;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.PermissionPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's backend REST API on the JDK's {@code com.sun.net.httpserver.HttpServer}: the
 * catalog under {@code /api/catalog}, other plugins under {@code /api/<plugin>}. No framework is
 * needed; hosts with a servlet container mount {@link GreenroomServlet} instead.
 *
 * <p>The JDK server has no header, idle or request timeouts and reads headers on its request
 * threads: a few slow clients can hold every thread. Use it for tests and trusted networks; on a
 * network others can reach, serve with {@code dev.greenroom.http.jetty.JettyServer} (module
 * {@code greenroom-backend-jetty}), which {@code greenroom.jar serve} runs.
 *
 * <pre>{@code
 * try (BackendServer server = BackendServer.builder().port(0).catalog(engine).build().start()) {
 *   URI base = server.baseUrl(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>Known gap: request targets that {@code java.net.URI} cannot parse (a bad percent escape such
 * as {@code ?cursor=%%%}, raw braces) are refused by the JDK server itself, before any handler
 * runs, with a 400 and its own HTML page instead of Backstage's JSON error body; the JDK offers no
 * hook for it. Targets it accepts and the routing core cannot decode answer Backstage's body.
 */
public final class BackendServer implements AutoCloseable {
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  /** The most long polls and event streams served at once; more answer 503. */
  static final int MAX_STREAMS = 256;

  private final String host;
  private final int requestedPort;
  private final HttpApi api;
  private final @Nullable Executor executor;
  private @Nullable HttpServer server;
  private @Nullable ThreadPoolExecutor ownPool;
  // Long polls and event streams: a thread each while open, up to MAX_STREAMS, then 503.
  private final ThreadPoolExecutor streamPool = streamPool();

  private BackendServer(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.api = b.api.build();
    this.executor = b.executor;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds the port and starts answering; returns this server. */
  public synchronized BackendServer start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    // The JDK server flushes the status line and headers before the body; without TCP_NODELAY
    // Nagle's algorithm and the client's delayed ACK add ~40 ms to every small response. The
    // setting is read once per JVM, when the first JDK HttpServer is created; a host's own choice
    // wins.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(host, requestedPort), 128);
      s.createContext("/", this::exchange);
      Executor ex = executor;
      if (ex == null) {
        // Short requests share a small pool: on a few cores, more threads only add contention
        // (p99 at 50 clients doubled with one thread per client). Long polls and event streams
        // run on a pool of their own (see exchange), so open streams never take these threads.
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        AtomicInteger n = new AtomicInteger();
        ownPool =
            new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024),
                r -> {
                  Thread t = new Thread(r, "greenroom-http-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
        ownPool.allowCoreThreadTimeOut(true);
        ex = ownPool;
      }
      s.setExecutor(ex);
      s.start();
      server = s;
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind " + host + ":" + requestedPort, e);
    }
  }

  /** The bound port. */
  public int port() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.getAddress().getPort();
  }

  /** The address the server is bound to (a wildcard address when it listens on every interface). */
  public InetSocketAddress address() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.getAddress();
  }

  /** The base URL, for example {@code http://127.0.0.1:7007}; a wildcard host shows as loopback. */
  public URI baseUrl() {
    String h = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
    if (h.contains(":")) {
      h = "[" + h + "]";
    }
    return URI.create("http://" + h + ":" + port());
  }

  /** The routing core behind this server. */
  public HttpApi api() {
    return api;
  }

  /** Stops the server (not the engine). */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    if (ownPool != null) {
      ownPool.shutdownNow();
      ownPool = null;
    }
    streamPool.shutdownNow();
  }

  private static ThreadPoolExecutor streamPool() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        MAX_STREAMS,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "greenroom-stream-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  private void exchange(HttpExchange ex) {
    if (api.isLongLived(ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
        ex.getRequestURI().getRawPath())) {
      try {
        streamPool.execute(() -> serve(ex));
      } catch (RejectedExecutionException e) {
        try (ex) {
          ex.getResponseHeaders().set("Retry-After", "5");
          ex.sendResponseHeaders(503, -1);
        } catch (IOException io) {
          // the client is gone
        }
      }
      return;
    }
    serve(ex);
  }

  private void serve(HttpExchange ex) {
    try (ex) {
      api.handle(new JdkRequest(ex), new JdkResponse(ex));
    }
  }

  private static final class JdkRequest implements ApiRequest {
    private final HttpExchange ex;
    private final HttpHeaders headers;

    JdkRequest(HttpExchange ex) {
      this.ex = ex;
      Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      ex.getRequestHeaders().forEach(m::put);
      this.headers = HttpHeaders.of(m, (a, b) -> true);
    }

    @Override
    public String method() {
      return ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public String rawPath() {
      String p = ex.getRequestURI().getRawPath();
      return p == null ? "/" : p;
    }

    @Override
    public @Nullable String rawQuery() {
      return ex.getRequestURI().getRawQuery();
    }

    @Override
    public HttpHeaders headers() {
      return headers;
    }

    @Override
    public InputStream body() {
      return ex.getRequestBody();
    }
  }

  private static final class JdkResponse implements ApiResponse {
    private final HttpExchange ex;
    private boolean committed;

    JdkResponse(HttpExchange ex) {
      this.ex = ex;
    }

    @Override
    public void setHeader(String name, String value) {
      ex.getResponseHeaders().set(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      ex.getResponseHeaders().add(name, value);
    }

    @Override
    public OutputStream commit(int status, long contentLength) throws IOException {
      committed = true;
      ex.sendResponseHeaders(status, contentLength < 0 ? 0 : contentLength == 0 ? -1 : contentLength);
      return ex.getResponseBody();
    }

    @Override
    public void commitEmpty(int status) throws IOException {
      committed = true;
      ex.sendResponseHeaders(status, -1);
    }

    @Override
    public boolean committed() {
      return committed;
    }
  }

  /** Configures a {@link BackendServer}. */
  public static final class Builder {
    private final HttpApi.Builder api = HttpApi.builder();
    private String host = "127.0.0.1";
    private int port = 7007;
    private @Nullable Executor executor;

    private Builder() {}

    /**
     * The address to bind; default {@code 127.0.0.1} (this machine only). {@code 0.0.0.0} listens
     * on every interface: do that only with an {@link #authenticator} that checks credentials.
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** The port to bind; default 7007; 0 picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Serves this engine's catalog under {@code /api/catalog}. */
    public Builder catalog(CatalogEngine engine) {
      api.catalog(engine);
      return this;
    }

    /** Where the request timer is recorded; see {@link HttpApi.Builder#meterRegistry}. */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      api.meterRegistry(registry);
      return this;
    }

    /** Serves a metrics scrape; see {@link HttpApi.Builder#metricsScrape}. */
    public Builder metricsScrape(java.util.function.Supplier<String> scrape, String contentType) {
      api.metricsScrape(scrape, contentType);
      return this;
    }

    /**
     * The caps on one catalog query (filter sets, conditions, values, fields, sort fields,
     * full-text terms, facets); default {@link QueryLimits#defaults()}.
     * Past a cap the answer is 400.
     */
    public Builder queryLimits(QueryLimits limits) {
      api.queryLimits(limits);
      return this;
    }

    /** Who may call; default everybody (no authentication). */
    public Builder authenticator(Authenticator authenticator) {
      api.authenticator(authenticator);
      return this;
    }

    /** Adds a step to every request's pipeline; see {@link HttpApi.Builder#interceptor}. */
    public Builder interceptor(Interceptor interceptor) {
      api.interceptor(interceptor);
      return this;
    }

    /** Serves user cookies; see {@link HttpApi.Builder#userCookies}. */
    public Builder userCookies(dev.greenroom.http.auth.UserTokenIssuer issuer) {
      api.userCookies(issuer);
      return this;
    }

    /** Answers browsers on other origins; see {@link HttpApi.Builder#cors}. */
    public Builder cors(CorsPolicy cors) {
      api.cors(cors);
      return this;
    }

    /** What callers may do; default everything. */
    public Builder permissionPolicy(PermissionPolicy policy) {
      api.permissionPolicy(policy);
      return this;
    }

    /** Analyzers of SCM hosts for {@code analyze-location}; see {@link HttpApi.Builder#locationAnalyzers}. */
    public Builder locationAnalyzers(
        java.util.List<? extends dev.greenroom.catalog.processing.location.ScmLocationAnalyzer> analyzers) {
      api.locationAnalyzers(analyzers);
      return this;
    }

    /** {@code catalog.readonly}: registering and deleting locations answers 403. */
    public Builder readonly(boolean readonly) {
      api.readonly(readonly);
      return this;
    }

    /**
     * The executor that runs short requests; default a pool of the server's own with {@code 2 x
     * cores} threads. Long polls, event streams and slow POSTs ({@link Router#getLongLived},
     * {@link Router#postLongLived}) always run on a pool apart, up to 256 at once.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor);
      return this;
    }

    /** The largest request body accepted; default 1 MiB. */
    public Builder maxBodyBytes(long bytes) {
      api.maxBodyBytes(bytes);
      return this;
    }

    /** Mounts another plugin under {@code /api/<id>}. */
    public Builder plugin(ApiPlugin plugin) {
      api.plugin(plugin);
      return this;
    }

    /** The server, not yet started. */
    public BackendServer build() {
      return new BackendServer(this);
    }
  }
}
