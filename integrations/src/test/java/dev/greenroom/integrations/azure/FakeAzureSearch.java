package dev.greenroom.integrations.azure;

import static dev.greenroom.integrations.testing.FakeRepo.json;
import static dev.greenroom.integrations.testing.FakeRepo.quote;
import static dev.greenroom.integrations.testing.FakeRepo.send;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenroom.integrations.testing.FakeRepo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local Azure DevOps Search service, written from Microsoft's REST reference ("Code Search
 * Results - Fetch Code Search Results", {@code POST
 * https://almsearch.dev.azure.com/{organization}/_apis/search/codesearchresults}): files of many
 * repositories in many projects of one organisation, found by the search text's {@code path:},
 * {@code repo:} and {@code proj:} filters ({@code *} a wildcard), the {@code Branch} filter
 * (the repository's default branch otherwise), ordered by path when {@code $orderBy} asks,
 * paged with {@code $skip} and {@code $top} (at most 1000), answered as {@code {count, results:
 * [{fileName, path, matches, collection, project, repository, versions, contentId}]}}.
 *
 * <p>A personal access token makes it private (Basic {@code :token}): none answers 401, a wrong
 * one 203 with a sign-in page, as Azure does. {@link #fail(int)} and {@link #delay(Duration)}
 * make it answer an error or slowly.
 */
public final class FakeAzureSearch implements AutoCloseable {
  /** One file of a repository. */
  public record File(String project, String repository, String branch, String path) {}

  /** One request: the organisation's path, the API version, the Authorization header, the body. */
  public record Request(String path, String query, String authorization, JsonNode body) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern PATH = Pattern.compile("^/([^/]+)/_apis/search/codesearchresults$");

  private final HttpServer server;
  private final String organization;
  private final List<File> files = new CopyOnWriteArrayList<>();
  private final Map<String, String> defaultBranches = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile String token;
  private volatile int failWith;
  private volatile Duration delay = Duration.ZERO;

  public FakeAzureSearch(String organization) throws IOException {
    this.organization = organization;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Makes the organisation private, searchable with this personal access token. */
  public FakeAzureSearch token(String pat) {
    this.token = pat;
    return this;
  }

  /** A repository whose default branch is {@code branch}. */
  public FakeAzureSearch repository(String project, String repository, String defaultBranch) {
    defaultBranches.put(project + "/" + repository, defaultBranch);
    return this;
  }

  /** A file on a branch of a repository (declared with {@link #repository} or on {@code main}). */
  public FakeAzureSearch file(String project, String repository, String branch, String path) {
    defaultBranches.putIfAbsent(project + "/" + repository, "main");
    files.add(new File(project, repository, branch, path.startsWith("/") ? path : "/" + path));
    return this;
  }

  /** Every search answers this status (0: answer normally). */
  public FakeAzureSearch fail(int status) {
    this.failWith = status;
    return this;
  }

  /** Every search answers after this long. */
  public FakeAzureSearch delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** {@code 127.0.0.1:port}. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The search service's base URL (the stand-in for {@code https://almsearch.dev.azure.com}). */
  public String baseUrl() {
    return "http://" + host();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String rawQuery = ex.getRequestURI().getRawQuery();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      byte[] raw = ex.getRequestBody().readAllBytes();
      JsonNode body;
      try {
        body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
      } catch (RuntimeException e) {
        json(ex, 400, "{\"message\":\"The request body is not JSON\"}");
        return;
      }
      requests.add(new Request(path, rawQuery == null ? "" : rawQuery, auth == null ? "" : auth, body));
      if (!delay.isZero()) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (token != null) {
        if (auth == null) {
          json(ex, 401, "{\"message\":\"TF400813: The user '' is not authorized to access this resource.\"}");
          return;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8));
        if (!auth.equals(expected)) {
          send(ex, 203, "text/html; charset=utf-8",
              "<html><head><title>Azure DevOps Services | Sign In</title></head></html>".getBytes(StandardCharsets.UTF_8));
          return;
        }
      }
      Matcher m = PATH.matcher(path);
      if (!ex.getRequestMethod().equals("POST") || !m.matches()) {
        json(ex, 404, "{\"message\":\"Not found\"}");
        return;
      }
      if (!FakeRepo.decode(m.group(1)).equals(organization)) {
        json(ex, 404, "{\"message\":\"TF400813: organization " + FakeRepo.decode(m.group(1)) + " not found\"}");
        return;
      }
      if (FakeRepo.query(rawQuery).get("api-version") == null) {
        json(ex, 400, "{\"message\":\"VS800075: The api-version is missing\"}");
        return;
      }
      if (failWith != 0) {
        json(ex, failWith, "{\"message\":\"Search is unavailable\"}");
        return;
      }
      search(ex, body);
    }
  }

  private void search(HttpExchange ex, JsonNode body) throws IOException {
    String text = body.path("searchText").asString("");
    String pathFilter = filter(text, "path");
    String repoFilter = filter(text, "repo");
    String projFilter = filter(text, "proj");
    List<String> branches = new ArrayList<>();
    body.path("filters").path("Branch").forEach(b -> branches.add(b.asString()));
    int skip = body.path("$skip").asInt(0);
    int top = body.path("$top").asInt(100);
    if (top < 1 || top > 1000 || skip < 0) {
      json(ex, 400, "{\"message\":\"$top must be between 1 and 1000 and $skip not negative\"}");
      return;
    }
    List<File> found = new ArrayList<>();
    for (File f : files) {
      String defaultBranch = defaultBranches.get(f.project() + "/" + f.repository());
      boolean onBranch = branches.isEmpty() ? f.branch().equals(defaultBranch) : branches.contains(f.branch());
      if (onBranch && matches(projFilter, f.project()) && matches(repoFilter, f.repository())
          && pathMatches(pathFilter, f.path())) {
        found.add(f);
      }
    }
    if (body.path("$orderBy").path(0).path("field").asString("").equals("path")) {
      Comparator<File> byPath = Comparator.comparing(File::path).thenComparing(File::project)
          .thenComparing(File::repository);
      found.sort(body.path("$orderBy").path(0).path("sortOrder").asString("ASC").equals("DESC")
          ? byPath.reversed() : byPath);
    }
    StringBuilder out = new StringBuilder("{\"count\":" + found.size() + ",\"results\":[");
    for (int i = skip; i < Math.min(found.size(), skip + top); i++) {
      File f = found.get(i);
      if (i > skip) {
        out.append(',');
      }
      String name = f.path().substring(f.path().lastIndexOf('/') + 1);
      out.append("{\"fileName\":").append(quote(name))
          .append(",\"path\":").append(quote(f.path()))
          .append(",\"matches\":{\"content\":[],\"fileName\":[]}")
          .append(",\"collection\":{\"name\":").append(quote(organization)).append('}')
          .append(",\"project\":{\"name\":").append(quote(f.project()))
          .append(",\"id\":").append(quote(FakeRepo.sha("blob", f.project().getBytes(StandardCharsets.UTF_8)))).append('}')
          .append(",\"repository\":{\"name\":").append(quote(f.repository()))
          .append(",\"id\":").append(quote(FakeRepo.sha("blob", (f.project() + "/" + f.repository()).getBytes(StandardCharsets.UTF_8))))
          .append(",\"type\":\"git\"}")
          .append(",\"versions\":[{\"branchName\":").append(quote(f.branch()))
          .append(",\"changeId\":").append(quote(FakeRepo.sha("commit", f.toString().getBytes(StandardCharsets.UTF_8)))).append("}]")
          .append(",\"contentId\":").append(quote(FakeRepo.sha("blob", f.path().getBytes(StandardCharsets.UTF_8))))
          .append('}');
    }
    out.append("],\"infoCode\":0,\"facets\":{}}");
    json(ex, 200, out.toString());
  }

  /** A filter's value in the search text ({@code path:/x repo:* proj:p}), or null. */
  private static String filter(String text, String name) {
    for (String part : text.trim().split("\\s+")) {
      if (part.startsWith(name + ":")) {
        return part.substring(name.length() + 1);
      }
    }
    return null;
  }

  private static boolean matches(String filter, String value) {
    if (filter == null || filter.equals("*")) {
      return true;
    }
    return glob(filter).matcher(value).matches();
  }

  /** {@code path:} finds the file itself, or the files below a folder. */
  private static boolean pathMatches(String filter, String path) {
    if (filter == null) {
      return true;
    }
    String f = filter.startsWith("/") ? filter : "/" + filter;
    return glob(f).matcher(path).matches() || path.startsWith(f.replaceAll("/+$", "") + "/");
  }

  private static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (g.startsWith("**/", i)) {
        re.append("(.*/)?"); // any folders, none included
        i += 2;
      } else {
        re.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
  }
}
