package dev.greenroom.integrations.bitbucket;

import com.sun.net.httpserver.HttpExchange;
import dev.greenroom.integrations.testing.FakeRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Bitbucket Server (Data Center), written from Atlassian's public REST API 1.0 reference,
 * whose repositories are folders of real files (each on one branch, with commit ids git computes).
 * The API lives under {@code /rest/api/1.0} and the web pages ({@code /projects/{KEY}/repos/{repo}/browse})
 * on the same origin.
 *
 * <p>Endpoints: {@code GET /rest/api/1.0/projects} and {@code /projects/{KEY}/repos} (paged with
 * {@code start}, {@code limit}, {@code isLastPage} and {@code nextPageStart}), {@code
 * /projects/{KEY}/repos/{repo}} (with {@code archived} and {@code links.self}), {@code
 * /default-branch}, {@code /branches/default}, {@code /branches?filterText=}, {@code
 * /raw/{path}?at=} (the raw file with an ETag and 304; {@code raw//path} as {@code raw/path}) and {@code
 * /archive?format=tgz&at=&prefix=&path=} (the files under {@code path}, below the folder {@code
 * prefix}). Errors carry Bitbucket Server's {@code {"errors":[{"message":...}]}} body. Every
 * request needs an accepted {@code Authorization} (see {@link FakeHost}); a wrong one answers 401.
 */
public final class FakeBitbucketServer extends FakeHost {
  private final Map<String, String> projects = new LinkedHashMap<>();
  private final Map<String, Repo> repos = new LinkedHashMap<>();

  private record Repo(String project, String slug, FakeRepo git, boolean archived) {}

  /** A fake with no projects yet. */
  public FakeBitbucketServer() throws IOException {}

  /** Adds a project. */
  public synchronized FakeBitbucketServer project(String key, String name) {
    projects.put(key, name);
    return this;
  }

  /** Adds a repository with the files of {@code folder} on {@code branch}. */
  public synchronized FakeRepo repo(String project, String slug, Path folder, String branch,
      boolean archived) throws IOException {
    projects.putIfAbsent(project, project);
    FakeRepo git = new FakeRepo(folder, branch);
    repos.put(project + "/" + slug, new Repo(project, slug, git, archived));
    return git;
  }

  /** The API base, {@code http://127.0.0.1:port/rest/api/1.0}. */
  public String apiBaseUrl() {
    return baseUrl() + "/rest/api/1.0";
  }

  /** The browse URL of a file: {@code http://127.0.0.1:port/projects/KEY/repos/slug/browse/path}. */
  public String browseUrl(String project, String slug, String path) {
    return baseUrl() + "/projects/" + project + "/repos/" + slug + "/browse"
        + (path.isEmpty() ? "" : "/" + path);
  }

  private static final Pattern REPO_API =
      Pattern.compile("^/rest/api/1\\.0/projects/([^/]+)/repos/([^/]+)(/.*)?$");

  @Override
  protected synchronized void handle(HttpExchange ex, String path, Map<String, String> q)
      throws IOException {
    if (path.equals("/rest/api/1.0/projects")) {
      List<String> items = new ArrayList<>();
      projects.forEach((key, name) -> items.add("{\"key\":" + str(key) + ",\"id\":"
          + (items.size() + 1) + ",\"name\":" + str(name) + ",\"public\":false,\"type\":\"NORMAL\","
          + "\"links\":{\"self\":[{\"href\":" + str(baseUrl() + "/projects/" + key) + "}]}}"));
      page(ex, q, items);
      return;
    }
    Matcher list = Pattern.compile("^/rest/api/1\\.0/projects/([^/]+)/repos$").matcher(path);
    if (list.matches()) {
      String key = decode(list.group(1));
      if (!projects.containsKey(key)) {
        error(ex, 404, "Project " + key + " does not exist.");
        return;
      }
      List<String> items = new ArrayList<>();
      for (Repo r : repos.values()) {
        if (r.project().equals(key)) {
          items.add(repoJson(r));
        }
      }
      page(ex, q, items);
      return;
    }
    Matcher m = REPO_API.matcher(path);
    if (!m.matches()) {
      error(ex, 404, "Resource not found");
      return;
    }
    Repo repo = repos.get(decode(m.group(1)) + "/" + decode(m.group(2)));
    if (repo == null) {
      error(ex, 404, "Repository " + decode(m.group(1)) + "/" + decode(m.group(2))
          + " does not exist.");
      return;
    }
    String rest = m.group(3) == null ? "" : m.group(3);
    FakeRepo git = repo.git();
    String branchJson = "{\"id\":" + str("refs/heads/" + git.branch()) + ",\"displayId\":"
        + str(git.branch()) + ",\"type\":\"BRANCH\",\"latestCommit\":" + str(git.commitSha())
        + ",\"latestChangeset\":" + str(git.commitSha()) + ",\"isDefault\":true}";
    if (rest.isEmpty()) {
      json(ex, 200, repoJson(repo));
    } else if (rest.equals("/default-branch") || rest.equals("/branches/default")) {
      json(ex, 200, branchJson);
    } else if (rest.equals("/branches")) {
      String filter = q.getOrDefault("filterText", "");
      page(ex, q, git.branch().contains(filter) ? List.of(branchJson) : List.of());
    } else if (rest.startsWith("/raw/")) {
      String file = decode(rest.substring("/raw/".length())).replaceAll("^/+", "");
      byte[] content = refMatches(git, q.get("at")) ? git.file(file) : null;
      if (content == null) {
        error(ex, 404, "The path \"" + file + "\" does not exist at revision \""
            + q.getOrDefault("at", git.branch()) + "\"");
        return;
      }
      String etag = "\"" + FakeRepo.blobSha(content) + "\"";
      ex.getResponseHeaders().add("ETag", etag);
      if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        ex.sendResponseHeaders(304, -1);
        return;
      }
      send(ex, 200, "text/plain;charset=UTF-8", content);
    } else if (rest.equals("/archive")) {
      if (!"tgz".equals(q.get("format")) && !"tar.gz".equals(q.get("format"))) {
        error(ex, 400, "This fake serves only format=tgz");
        return;
      }
      if (!refMatches(git, q.get("at"))) {
        error(ex, 404, "Commit '" + q.get("at") + "' does not exist in repository '" + repo.slug() + "'.");
        return;
      }
      String prefix = q.getOrDefault("prefix", repo.slug()).replaceAll("/+$", "");
      send(ex, 200, "application/x-gzip", git.tarGzKeepingPaths(prefix, q.getOrDefault("path", "")));
    } else {
      error(ex, 404, "Resource not found");
    }
  }

  private static boolean refMatches(FakeRepo git, String at) {
    if (at == null) {
      return true;
    }
    String ref = at.replaceFirst("^refs/heads/", "");
    return ref.equals(git.branch()) || ref.length() >= 7 && git.commitSha().startsWith(ref);
  }

  private String repoJson(Repo r) {
    return "{\"slug\":" + str(r.slug()) + ",\"id\":" + Math.abs(r.slug().hashCode() % 10000)
        + ",\"name\":" + str(r.slug()) + ",\"scmId\":\"git\",\"state\":\"AVAILABLE\","
        + "\"archived\":" + r.archived() + ",\"forkable\":true,\"public\":false,"
        + "\"project\":{\"key\":" + str(r.project()) + ",\"name\":" + str(projects.get(r.project()))
        + "},\"links\":{\"clone\":[{\"href\":" + str(baseUrl() + "/scm/" + r.project().toLowerCase()
        + "/" + r.slug() + ".git") + ",\"name\":\"http\"}],\"self\":[{\"href\":"
        + str(browseUrl(r.project(), r.slug(), "")) + "}]}}";
  }

  /** One page: {@code start} from 0, {@code limit} up to 1000 (25 by default). */
  private void page(HttpExchange ex, Map<String, String> q, List<String> items) throws IOException {
    int start;
    int limit;
    try {
      start = Integer.parseInt(q.getOrDefault("start", "0"));
      limit = Math.min(1000, Integer.parseInt(q.getOrDefault("limit", "25")));
    } catch (NumberFormatException e) {
      error(ex, 400, "Invalid start or limit");
      return;
    }
    if (start < 0 || limit < 1) {
      error(ex, 400, "Invalid start or limit");
      return;
    }
    int from = Math.min(items.size(), start);
    int to = Math.min(items.size(), from + limit);
    boolean last = to >= items.size();
    json(ex, 200, "{\"size\":" + (to - from) + ",\"limit\":" + limit + ",\"start\":" + start
        + ",\"isLastPage\":" + last + (last ? "" : ",\"nextPageStart\":" + to) + ",\"values\":["
        + String.join(",", items.subList(from, to)) + "]}");
  }

  @Override
  protected void error(HttpExchange ex, int status, String message) throws IOException {
    json(ex, status, "{\"errors\":[{\"context\":null,\"message\":" + str(message)
        + ",\"exceptionName\":null}]}");
  }
}
