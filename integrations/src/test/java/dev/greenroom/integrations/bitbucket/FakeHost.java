package dev.greenroom.integrations.bitbucket;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * What both fake Bitbucket hosts share: an HTTP server on 127.0.0.1 with a free port, the request
 * log, the credentials it accepts, and failure switches (a status for every request, a delay).
 */
public abstract class FakeHost implements AutoCloseable {
  /** One logged request. */
  public record Request(String method, String path, String query, String authorization,
      String ifNoneMatch) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<String> authorizations = ConcurrentHashMap.newKeySet();
  private volatile boolean anonymous;
  private volatile int failWith;
  private volatile long delayMillis;

  protected FakeHost() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** The host the web URLs use, {@code 127.0.0.1:port}. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:port}. */
  public String baseUrl() {
    return "http://" + host();
  }

  /** Accepts {@code Authorization: Basic} with this user and password (or app password, token). */
  public FakeHost basic(String user, String secret) {
    authorizations.add("Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  /** Accepts {@code Authorization: Bearer token}. */
  public FakeHost bearer(String token) {
    authorizations.add("Bearer " + token);
    return this;
  }

  /** Answers requests without credentials too (public repositories). */
  public FakeHost anonymous(boolean on) {
    anonymous = on;
    return this;
  }

  /** Answers every request with this status (429 and 503 with {@code retry-after: 30}); 0 for normal. */
  public FakeHost failWith(int status) {
    failWith = status;
    return this;
  }

  /** Waits this long before answering. */
  public FakeHost delay(long millis) {
    delayMillis = millis;
    return this;
  }

  /** The requests so far. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests so far. */
  public void clearLog() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void dispatch(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(ex.getRequestMethod(), path, query, auth == null ? "" : auth,
          String.valueOf(ex.getRequestHeaders().getFirst("If-None-Match"))));
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (failWith != 0) {
        if (failWith == 429 || failWith == 503) {
          ex.getResponseHeaders().add("retry-after", "30");
        }
        error(ex, failWith, "failing on purpose");
        return;
      }
      if (auth != null ? !authorizations.contains(auth) : !anonymous) {
        error(ex, 401, auth == null ? "Authentication required" : "Invalid credentials");
        return;
      }
      if (!ex.getRequestMethod().equals("GET")) {
        error(ex, 405, "Method not allowed");
        return;
      }
      handle(ex, path, query(query));
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  /** Answers one authorised GET. */
  protected abstract void handle(HttpExchange ex, String path, Map<String, String> query)
      throws IOException;

  /** Writes the host's error body with a status. */
  protected abstract void error(HttpExchange ex, int status, String message) throws IOException;

  protected static Map<String, String> query(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : q.split("&")) {
      if (kv.isEmpty()) {
        continue;
      }
      int eq = kv.indexOf('=');
      out.put(decode(eq < 0 ? kv : kv.substring(0, eq)),
          eq < 0 ? "" : decode(kv.substring(eq + 1).replace("+", "%20")));
    }
    return out;
  }

  protected static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  protected static void json(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "application/json;charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
  }

  protected static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  /** A JSON string literal. */
  protected static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
