package dev.greenroom.http.jetty;

import dev.greenroom.http.GreenroomServlet;
import dev.greenroom.http.HttpApi;
import jakarta.servlet.DispatcherType;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's REST API ({@link HttpApi}: the catalog and every mounted plugin) on Jetty 12, with
 * the limits a server on a network needs. This is what {@code greenroom.jar serve} runs;
 * {@code dev.greenroom.http.BackendServer} (the JDK's {@code HttpServer}) stays for tests and
 * hosts that ask for it.
 *
 * <pre>{@code
 * HttpApi api = HttpApi.builder().catalog(engine).authenticator(auth).build();
 * try (JettyServer server = JettyServer.builder().api(api).port(7007).build().start()) {
 *   URI base = server.baseUrl();
 * }
 * }</pre>
 *
 * <p><b>Design note.</b> Jetty reads request lines and headers without a thread (its selectors
 * parse what arrives), so clients that send slowly hold a socket, not a worker. What remains is
 * bounded here:
 *
 * <ul>
 *   <li><b>Connections</b>: at most {@link Builder#maxConnections} open sockets; at the limit,
 *       Jetty stops accepting and every open connection's idle timeout drops to {@link
 *       Builder#busyIdleTimeout}, so sockets that trickle bytes are shed first. Otherwise an idle
 *       connection is closed after {@link Builder#idleTimeout}.
 *   <li><b>Request bodies</b>: below {@link Builder#minRequestDataRate} bytes a second, after a
 *       grace of {@link #BODY_RATE_GRACE} from the body's first read, the read fails (408), so a
 *       body cannot hold a worker for long ({@code BodyRateFilter}).
 *   <li><b>Short requests</b> run at most {@link Builder#maxConcurrentRequests} at a time (a
 *       few per core: more threads only add contention); the rest wait without a thread, up to
 *       {@link Builder#maxQueuedRequests} of them for at most {@link Builder#maxQueueWait}, and
 *       are answered 503 with {@code Retry-After} past either.
 *   <li><b>Long polls and event streams</b> ({@code Router.getLongLived}) hold a worker each
 *       while open and are counted apart, up to {@link Builder#maxStreams}; more answer 503 at
 *       once. They never take a short request's place.
 *   <li><b>Headers</b> up to {@link Builder#maxHeaderBytes}; larger answer 431.
 * </ul>
 *
 * Every answer Jetty gives itself (malformed URIs, oversized headers, 503) has Backstage's JSON
 * error body.
 */
public final class JettyServer implements AutoCloseable {
  /** How long a request body may arrive slower than the minimum rate before it fails. */
  public static final Duration BODY_RATE_GRACE = Duration.ofSeconds(3);

  private final Builder settings;
  private final HttpApi api;
  private @Nullable Server server;
  private @Nullable ServerConnector connector;

  private JettyServer(Builder b) {
    this.settings = b.copy();
    this.api = Objects.requireNonNull(b.api, "api (HttpApi) is required");
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds the port and starts answering; returns this server. */
  public synchronized JettyServer start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    Builder b = settings;
    ThreadPool pool = b.threadPool;
    boolean ownPool = pool == null;
    if (pool == null) {
      QueuedThreadPool q = new QueuedThreadPool(
          b.maxStreams + b.maxConcurrentRequests + 16, Math.min(8, b.maxConcurrentRequests));
      q.setName("greenroom-http");
      q.setDaemon(true);
      pool = q;
    }
    Server s = new Server(pool);
    if (!ownPool) {
      s.unmanage(pool); // the host's threads: started and stopped by the host
    }
    HttpConfiguration http = new HttpConfiguration();
    // Entity names may hold encoded slashes (%2F), which Jetty refuses by default.
    http.setUriCompliance(UriCompliance.LEGACY);
    http.setRequestHeaderSize(b.maxHeaderBytes);
    // the body rate is checked by BodyRateFilter, with a grace Jetty's own check lacks
    http.setMinRequestDataRate(0);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector c = new ServerConnector(s, new HttpConnectionFactory(http));
    c.setHost(b.host);
    c.setPort(b.port);
    c.setIdleTimeout(b.idleTimeout.toMillis());
    c.setAcceptQueueSize(128);
    s.addConnector(c);
    NetworkConnectionLimit limit = new NetworkConnectionLimit(b.maxConnections, c);
    limit.setEndPointIdleTimeout(b.busyIdleTimeout.toMillis());
    s.addBean(limit);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addFilter(new FilterHolder(new BodyRateFilter(b.minRequestDataRate, BODY_RATE_GRACE)),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder("greenroom", new JettyGreenroomServlet(api)), "/*");

    Predicate<Request> longLived = r -> api.isLongLived(
        r.getMethod().toUpperCase(Locale.ROOT), r.getHttpURI().getPath());
    org.eclipse.jetty.server.Handler inner = context;
    org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler upgrades = null;
    if (!b.sockets.isEmpty()) {
      upgrades = SocketUpgrades.handler(s, api, List.copyOf(b.sockets), b.socketIdleTimeout);
      upgrades.setHandler(context);
      inner = upgrades;
    }
    QoSHandler streams = new QoSHandler(inner);
    streams.include(longLived);
    streams.setMaxRequestCount(b.maxStreams);
    streams.setMaxSuspendedRequestCount(0);
    QoSHandler shortRequests = new QoSHandler(streams);
    shortRequests.exclude(longLived);
    shortRequests.setMaxRequestCount(b.maxConcurrentRequests);
    shortRequests.setMaxSuspendedRequestCount(b.maxQueuedRequests);
    shortRequests.setMaxSuspend(b.maxQueueWait);
    s.setHandler(shortRequests);
    s.setErrorHandler(new JsonErrorHandler());
    try {
      s.start();
    } catch (Exception e) {
      try {
        s.stop();
      } catch (Exception ignored) {
        // already failing
      }
      String where = b.host + ":" + b.port;
      if (e instanceof java.io.IOException io) {
        throw new UncheckedIOException("cannot bind " + where + ": " + io.getMessage(), io);
      }
      throw new IllegalStateException("cannot start the server on " + where + ": " + e, e);
    }
    if (upgrades != null) {
      SocketUpgrades.schedulePings(s, upgrades.getServerWebSocketContainer(), b.socketPingInterval);
    }
    server = s;
    connector = c;
    return this;
  }

  /** The bound port. */
  public int port() {
    return started().getLocalPort();
  }

  /** The bound address (a wildcard address when the server listens on every interface). */
  public InetSocketAddress address() {
    ServerConnector c = started();
    String host = c.getHost();
    return host == null || host.isEmpty()
        ? new InetSocketAddress(c.getLocalPort())
        : new InetSocketAddress(host, c.getLocalPort());
  }

  /** The base URL, for example {@code http://127.0.0.1:7007}; a wildcard host shows as loopback. */
  public URI baseUrl() {
    InetSocketAddress a = address();
    String h = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    if (h.contains(":")) {
      h = "[" + h + "]";
    }
    return URI.create("http://" + h + ":" + a.getPort());
  }

  /** The routing core behind this server. */
  public HttpApi api() {
    return api;
  }

  /** Stops the server (not the engine); idempotent. */
  @Override
  public synchronized void close() {
    Server s = server;
    server = null;
    connector = null;
    if (s != null) {
      try {
        s.stop();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the HTTP server failed", e);
      }
    }
  }

  private ServerConnector started() {
    ServerConnector c = connector;
    if (c == null) {
      throw new IllegalStateException("not started");
    }
    return c;
  }

  /**
   * The servlet with Jetty's own way past an unread request body: {@code consumeAvailable} parses
   * and drops what has arrived without waiting, where the servlet stream reports nothing available
   * before a read. A body read past to its end keeps the connection; otherwise the response says
   * {@code Connection: close}.
   */
  private static final class JettyGreenroomServlet extends GreenroomServlet {
    private static final long serialVersionUID = 1L;

    JettyGreenroomServlet(HttpApi api) {
      super(api);
    }

    @Override
    protected boolean skipArrivedBody(jakarta.servlet.http.HttpServletRequest request,
        long remaining) {
      return org.eclipse.jetty.ee10.servlet.ServletContextRequest
          .getServletContextRequest(request).consumeAvailable();
    }
  }

  /** Configures a {@link JettyServer}; each setting is checked when it is set. */
  public static final class Builder {
    private @Nullable HttpApi api;
    private String host = "127.0.0.1";
    private int port = 7007;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration busyIdleTimeout = Duration.ofSeconds(2);
    private int maxConnections = 2000;
    private int maxConcurrentRequests =
        Math.max(8, Runtime.getRuntime().availableProcessors() * 4);
    private int maxQueuedRequests = 1024;
    private Duration maxQueueWait = Duration.ofSeconds(30);
    private int maxStreams = 256;
    private int maxHeaderBytes = 32 * 1024;
    private long minRequestDataRate = 1024;
    private @Nullable ThreadPool threadPool;
    private final java.util.List<dev.greenroom.http.socket.SocketEndpoint> sockets =
        new java.util.ArrayList<>();
    private Duration socketIdleTimeout = Duration.ofMinutes(10);
    private Duration socketPingInterval = Duration.ofSeconds(30);

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.api = api;
      b.host = host;
      b.port = port;
      b.idleTimeout = idleTimeout;
      b.busyIdleTimeout = busyIdleTimeout;
      b.maxConnections = maxConnections;
      b.maxConcurrentRequests = maxConcurrentRequests;
      b.maxQueuedRequests = maxQueuedRequests;
      b.maxQueueWait = maxQueueWait;
      b.maxStreams = maxStreams;
      b.maxHeaderBytes = maxHeaderBytes;
      b.minRequestDataRate = minRequestDataRate;
      b.threadPool = threadPool;
      b.sockets.addAll(sockets);
      b.socketIdleTimeout = socketIdleTimeout;
      b.socketPingInterval = socketPingInterval;
      return b;
    }

    /** The routes to serve (required). */
    public Builder api(HttpApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /**
     * The address to bind; default {@code 127.0.0.1} (this machine only). {@code 0.0.0.0} listens
     * on every interface: do that only with an authenticator that checks credentials.
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
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

    /** How long a connection may stay silent before it is closed; default 30 s. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive("idleTimeout", timeout);
      return this;
    }

    /** The idle timeout while {@link #maxConnections} are open; default 2 s. */
    public Builder busyIdleTimeout(Duration timeout) {
      this.busyIdleTimeout = positive("busyIdleTimeout", timeout);
      return this;
    }

    /** The most open connections; at the limit no more are accepted. Default 2000. */
    public Builder maxConnections(int max) {
      this.maxConnections = atLeast("maxConnections", max, 1);
      return this;
    }

    /** Short requests answered at once; default {@code max(8, 4 x cores)}. */
    public Builder maxConcurrentRequests(int max) {
      this.maxConcurrentRequests = atLeast("maxConcurrentRequests", max, 1);
      return this;
    }

    /** Short requests that may wait for a turn (without a thread); more get 503. Default 1024. */
    public Builder maxQueuedRequests(int max) {
      this.maxQueuedRequests = atLeast("maxQueuedRequests", max, 0);
      return this;
    }

    /** How long a short request may wait for its turn before it gets 503; default 30 s. */
    public Builder maxQueueWait(Duration wait) {
      this.maxQueueWait = positive("maxQueueWait", wait);
      return this;
    }

    /** Long polls and event streams open at once; more get 503. Default 256. */
    public Builder maxStreams(int max) {
      this.maxStreams = atLeast("maxStreams", max, 1);
      return this;
    }

    /** The largest request line plus headers, in bytes; larger get 431. Default 32 KiB. */
    public Builder maxHeaderBytes(int bytes) {
      this.maxHeaderBytes = atLeast("maxHeaderBytes", bytes, 1024);
      return this;
    }

    /**
     * The slowest a request body may arrive, in bytes a second, before its read fails; default
     * 1024. 0 turns the check off.
     */
    public Builder minRequestDataRate(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("minRequestDataRate must be >= 0: " + bytesPerSecond);
      }
      this.minRequestDataRate = bytesPerSecond;
      return this;
    }

    /**
     * The host's own thread pool for Jetty (acceptors, selectors and requests); it must allow
     * {@code maxStreams + maxConcurrentRequests} plus a few threads. The server neither starts
     * nor stops it. Default: a pool of the server's own.
     */
    public Builder threadPool(ThreadPool pool) {
      this.threadPool = Objects.requireNonNull(pool, "threadPool");
      return this;
    }

    /**
     * Serves a WebSocket endpoint (for example Backstage's signals at {@code /api/signals}). Its
     * upgrades are authenticated by the API's authenticator, with the token the browser offers as
     * its {@code Sec-WebSocket-Protocol}; see {@link dev.greenroom.http.socket.SocketEndpoint}.
     */
    public Builder socket(dev.greenroom.http.socket.SocketEndpoint endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (!endpoint.path().startsWith("/")) {
        throw new IllegalArgumentException("a socket path starts with '/': " + endpoint.path());
      }
      for (dev.greenroom.http.socket.SocketEndpoint e : sockets) {
        if (e.path().equals(endpoint.path())) {
          throw new IllegalArgumentException("two sockets at " + endpoint.path());
        }
      }
      sockets.add(endpoint);
      return this;
    }

    /** How long an open WebSocket may stay silent before it is closed; 10 minutes by default. */
    public Builder socketIdleTimeout(Duration timeout) {
      this.socketIdleTimeout = positive("socketIdleTimeout", timeout);
      return this;
    }

    /** How often open WebSockets are pinged (keeping them active); 30 s by default. */
    public Builder socketPingInterval(Duration interval) {
      this.socketPingInterval = positive("socketPingInterval", interval);
      return this;
    }

    /** The server, not yet started. */
    public JettyServer build() {
      return new JettyServer(this);
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    private static int atLeast(String name, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
      }
      return value;
    }
  }
}
