package dev.greenroom.integrations.gerrit;

import static dev.greenroom.integrations.testing.FakeRepo.quote;
import static dev.greenroom.integrations.testing.FakeRepo.send;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenroom.integrations.testing.FakeRepo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A local Gerrit with many projects, written from Gerrit's REST API reference: "List Projects"
 * ({@code GET /projects/} with {@code p}/{@code prefix}, {@code m}/{@code match}, {@code
 * r}/{@code regex}, {@code s}/{@code state}, {@code n}/{@code limit} and {@code S}/{@code skip},
 * answered as a map from project name to ProjectInfo, sorted by name), "Get HEAD" ({@code GET
 * /projects/{name}/HEAD}), "Get Branch" and "Get Content" ({@code
 * /projects/{name}/branches/{branch}/files/{path}/content}, base64); every JSON answer behind
 * Gerrit's {@code )]}'} line. Gitiles is {@code /plugins/gitiles}. With a password only {@code
 * /a/} URLs with Basic {@code user:password} are answered (401 otherwise). {@link #fail(int)} and
 * {@link #delay(Duration)} make the project listing answer an error or slowly.
 */
public final class FakeGerritHost implements AutoCloseable {
  /** One project: its state, HEAD branch and files on that branch. */
  public record Project(String name, String state, String head, Map<String, String> files) {}

  private final HttpServer server;
  private final Map<String, Project> projects = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String user;
  private volatile String password;
  private volatile int failWith;
  private volatile Duration delay = Duration.ZERO;

  public FakeGerritHost() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public FakeGerritHost credentials(String user, String password) {
    this.user = user;
    this.password = password;
    return this;
  }

  /** Adds a project whose HEAD is {@code refs/heads/<head>}, with files on that branch. */
  public FakeGerritHost project(String name, String state, String head, Map<String, String> files) {
    projects.put(name, new Project(name, state, head, new TreeMap<>(files)));
    return this;
  }

  /** The project listing answers this status (0: normally). */
  public FakeGerritHost fail(int status) {
    this.failWith = status;
    return this;
  }

  /** The project listing answers after this long. */
  public FakeGerritHost delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://" + host();
  }

  public String gitilesBaseUrl() {
    return baseUrl() + "/plugins/gitiles";
  }

  /** Raw paths and queries asked, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String raw = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      requests.add(raw + (query == null ? "" : "?" + query));
      if (password != null) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!raw.startsWith("/a/") || !expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
          text(ex, 401, "Unauthorized");
          return;
        }
      }
      String path = raw.startsWith("/a/") ? raw.substring(2) : raw;
      if (path.equals("/projects/")) {
        list(ex, FakeRepo.query(query));
      } else if (path.startsWith("/projects/")) {
        project(ex, path.substring("/projects/".length()).split("/"));
      } else {
        text(ex, 404, "Not Found");
      }
    }
  }

  private void list(HttpExchange ex, Map<String, String> q) throws IOException {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (failWith != 0) {
      text(ex, failWith, "Internal server error");
      return;
    }
    String prefix = first(q, "p", "prefix");
    String match = first(q, "m", "match");
    String regex = first(q, "r", "regex");
    String state = first(q, "s", "state");
    String limit = first(q, "n", "limit");
    String skip = first(q, "S", "skip");
    if (prefix != null && (match != null || regex != null) || match != null && regex != null) {
      text(ex, 400, "\"p\", \"m\" and \"r\" may not be used together");
      return;
    }
    Pattern re = regex == null ? null : Pattern.compile(regex);
    int n = limit == null ? Integer.MAX_VALUE : Integer.parseInt(limit);
    int s = skip == null ? 0 : Integer.parseInt(skip);
    StringBuilder out = new StringBuilder(")]}'\n{");
    int seen = 0;
    int written = 0;
    for (Project p : projects.values()) {
      if (prefix != null && !p.name().startsWith(prefix)
          || match != null && !p.name().toLowerCase().contains(match.toLowerCase())
          || re != null && !re.matcher(p.name()).matches()
          || state != null && !p.state().equalsIgnoreCase(state)
          || state == null && p.state().equals("HIDDEN")) {
        continue;
      }
      if (seen++ < s || written >= n) {
        continue;
      }
      if (written++ > 0) {
        out.append(',');
      }
      out.append(quote(p.name())).append(":{\"id\":")
          .append(quote(URLEncoder.encode(p.name(), StandardCharsets.UTF_8)))
          .append(",\"state\":").append(quote(p.state())).append(",\"web_links\":[{\"name\":\"browse\",\"url\":")
          .append(quote("/plugins/gitiles/" + p.name())).append("}]}");
    }
    out.append("}\n");
    send(ex, 200, "application/json; charset=utf-8", out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {name}/HEAD}, {@code {name}/branches/{b}} or {@code {name}/branches/{b}/files/{path}/content}. */
  private void project(HttpExchange ex, String[] seg) throws IOException {
    Project p = projects.get(FakeRepo.decode(seg[0]));
    if (p == null) {
      text(ex, 404, "Not found: " + FakeRepo.decode(seg[0]));
      return;
    }
    if (seg.length == 2 && seg[1].equals("HEAD")) {
      send(ex, 200, "application/json; charset=utf-8",
          (")]}'\n" + quote("refs/heads/" + p.head()) + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (seg.length < 3 || !seg[1].equals("branches")) {
      text(ex, 404, "Not Found");
      return;
    }
    String branch = FakeRepo.decode(seg[2]);
    if (!branch.equals(p.head()) && !branch.equals("refs/heads/" + p.head())) {
      text(ex, 404, "Not found: " + branch);
      return;
    }
    if (seg.length == 3) {
      send(ex, 200, "application/json; charset=utf-8", (")]}'\n{\"web_links\":[],\"ref\":"
          + quote("refs/heads/" + p.head()) + ",\"revision\":" + quote(revision(p)) + "}")
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (seg.length == 6 && seg[3].equals("files") && seg[5].equals("content")) {
      String content = p.files().get(FakeRepo.decode(seg[4]));
      if (content == null) {
        text(ex, 404, "Not found: " + FakeRepo.decode(seg[4]));
        return;
      }
      ex.getResponseHeaders().add("X-FYI-Content-Encoding", "base64");
      send(ex, 200, "text/plain; charset=ISO-8859-1",
          Base64.getEncoder().encode(content.getBytes(StandardCharsets.UTF_8)));
      return;
    }
    text(ex, 404, "Not Found");
  }

  private static String revision(Project p) {
    return FakeRepo.sha("commit", (p.name() + p.files()).getBytes(StandardCharsets.UTF_8));
  }

  private static String first(Map<String, String> q, String shortName, String longName) {
    return q.containsKey(shortName) ? q.get(shortName) : q.get(longName);
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "text/plain; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
  }
}
