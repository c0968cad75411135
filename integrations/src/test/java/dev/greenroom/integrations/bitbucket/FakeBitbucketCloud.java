package dev.greenroom.integrations.bitbucket;

import com.sun.net.httpserver.HttpExchange;
import dev.greenroom.integrations.testing.FakeRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Bitbucket Cloud, written from Atlassian's public REST API 2.0 reference, serving one
 * workspace whose repositories are folders of real files (each on one branch, with commit ids git
 * computes). The API lives under {@code /2.0} and the web paths ({@code /{workspace}/{repo}/...})
 * on the same origin, so {@code host()} plays both {@code bitbucket.org} and {@code
 * api.bitbucket.org}.
 *
 * <p>Endpoints: {@code GET /2.0/repositories/{ws}/{repo}} (with {@code mainbranch}, {@code
 * project}, {@code links.html}), {@code /commits/{branch}} (newest first), {@code
 * /src/{ref}/{path}} (the raw file with an ETag and 304; a folder as its JSON listing), {@code GET
 * /2.0/workspaces/{ws}/projects} and {@code /2.0/workspaces/{ws}/search/code?search_query=} (paged
 * with {@code page}, {@code pagelen} and {@code next}), and the archive {@code GET
 * /{ws}/{repo}/get/{ref}.tar.gz}. Code search reads a quoted term, {@code path:}, {@code repo:} and
 * {@code project:}: a file whose name is the term is a path match, one whose content holds it a
 * content match (with no path matches); {@code path:/x} keeps files at {@code x} or below it from
 * the repository root. Only the default branch is searched, as on Bitbucket. The {@code fields}
 * parameter is accepted and every field answered. Every request needs an accepted {@code
 * Authorization} (see {@link FakeHost}); a wrong one answers 401.
 */
public final class FakeBitbucketCloud extends FakeHost {
  private final String workspace;
  private final Map<String, String> projects = new LinkedHashMap<>();
  private final Map<String, Repo> repos = new LinkedHashMap<>();

  private record Repo(String slug, String project, FakeRepo git) {}

  /** A fake with one workspace and no repositories yet. */
  public FakeBitbucketCloud(String workspace) throws IOException {
    this.workspace = workspace;
  }

  /** Adds a project. */
  public synchronized FakeBitbucketCloud project(String key, String name) {
    projects.put(key, name);
    return this;
  }

  /** Adds a repository of project {@code project} with the files of {@code folder} on {@code branch}. */
  public synchronized FakeRepo repo(String project, String slug, Path folder, String branch)
      throws IOException {
    projects.putIfAbsent(project, project);
    FakeRepo git = new FakeRepo(folder, branch);
    repos.put(slug, new Repo(slug, project, git));
    return git;
  }

  /** The workspace. */
  public String workspace() {
    return workspace;
  }

  /** The API base, {@code http://127.0.0.1:port/2.0}. */
  public String apiBaseUrl() {
    return baseUrl() + "/2.0";
  }

  /** A web URL of a repository: {@code http://127.0.0.1:port/{ws}/{slug}/rest}. */
  public String webUrl(String slug, String rest) {
    return baseUrl() + "/" + workspace + "/" + slug + (rest.isEmpty() ? "" : "/" + rest);
  }

  private static final Pattern REPO_API = Pattern.compile("^/2\\.0/repositories/([^/]+)/([^/]+)(/.*)?$");
  private static final Pattern ARCHIVE = Pattern.compile("^/([^/]+)/([^/]+)/get/(.+)\\.tar\\.gz$");

  @Override
  protected synchronized void handle(HttpExchange ex, String path, Map<String, String> q)
      throws IOException {
    Matcher m = REPO_API.matcher(path);
    if (m.matches()) {
      Repo repo = m.group(1).equals(workspace) ? repos.get(decode(m.group(2))) : null;
      if (repo == null) {
        error(ex, 404, "Repository " + decode(m.group(1)) + "/" + decode(m.group(2)) + " not found");
        return;
      }
      repoApi(ex, repo, m.group(3) == null ? "" : m.group(3), q);
      return;
    }
    Matcher a = ARCHIVE.matcher(path);
    if (a.matches()) {
      Repo repo = a.group(1).equals(workspace) ? repos.get(decode(a.group(2))) : null;
      String ref = decode(a.group(3));
      if (repo == null || !refMatches(repo.git(), ref)) {
        error(ex, 404, "Resource not found");
        return;
      }
      String top = workspace + "-" + repo.slug() + "-" + repo.git().commitSha().substring(0, 12);
      send(ex, 200, "application/x-tar", repo.git().tarGz(top, ""));
      return;
    }
    if (path.equals("/2.0/workspaces/" + workspace + "/projects")) {
      List<String> items = new ArrayList<>();
      projects.forEach((key, name) -> items.add("{\"type\":\"project\",\"key\":" + str(key)
          + ",\"name\":" + str(name) + ",\"links\":{\"html\":{\"href\":" + str(baseUrl()
          + "/" + workspace + "/workspace/projects/" + key) + "}}}"));
      page(ex, path, q, items);
      return;
    }
    if (path.equals("/2.0/workspaces/" + workspace + "/search/code")) {
      page(ex, path, q, search(q.getOrDefault("search_query", "")));
      return;
    }
    error(ex, 404, "Resource not found");
  }

  private void repoApi(HttpExchange ex, Repo repo, String rest, Map<String, String> q)
      throws IOException {
    FakeRepo git = repo.git();
    if (rest.isEmpty()) {
      json(ex, 200, repoJson(repo));
    } else if (rest.startsWith("/commits/")) {
      String ref = decode(rest.substring("/commits/".length()));
      if (!refMatches(git, ref)) {
        error(ex, 404, "Commit not found");
        return;
      }
      json(ex, 200, "{\"pagelen\":" + q.getOrDefault("pagelen", "30") + ",\"values\":[{\"type\":"
          + "\"commit\",\"hash\":" + str(git.commitSha()) + ",\"date\":\"2023-11-14T22:13:20+00:00\","
          + "\"message\":\"fixture\\n\",\"repository\":" + repoJson(repo) + "}]}");
    } else if (rest.startsWith("/src/")) {
      String[] parts = rest.substring("/src/".length()).split("/", 2);
      String ref = decode(parts[0]);
      String file = parts.length > 1 ? decode(parts[1]).replaceAll("/+$", "") : "";
      if (!refMatches(git, ref)) {
        error(ex, 404, "No such file or directory: " + file);
        return;
      }
      byte[] content = git.file(file);
      if (content == null) {
        List<String> entries = listing(repo, file);
        if (entries.isEmpty()) {
          error(ex, 404, "No such file or directory: " + file);
          return;
        }
        page(ex, "/2.0/repositories/" + workspace + "/" + repo.slug() + rest, q, entries);
        return;
      }
      String etag = "\"" + FakeRepo.blobSha(content) + "\"";
      ex.getResponseHeaders().add("ETag", etag);
      if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        ex.sendResponseHeaders(304, -1);
        return;
      }
      send(ex, 200, "text/plain", content);
    } else {
      error(ex, 404, "Resource not found");
    }
  }

  private List<String> listing(Repo repo, String dir) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    Map<String, Boolean> children = new java.util.TreeMap<>();
    for (String p : repo.git().files().keySet()) {
      if (p.startsWith(prefix)) {
        String rest = p.substring(prefix.length());
        int slash = rest.indexOf('/');
        children.put(prefix + (slash < 0 ? rest : rest.substring(0, slash)), slash >= 0);
      }
    }
    List<String> out = new ArrayList<>();
    children.forEach((p, isDir) -> out.add("{\"path\":" + str(p) + ",\"type\":"
        + (isDir ? "\"commit_directory\"" : "\"commit_file\"") + "}"));
    return out;
  }

  private static boolean refMatches(FakeRepo git, String ref) {
    return ref.equals(git.branch()) || ref.length() >= 7 && git.commitSha().startsWith(ref);
  }

  private String repoJson(Repo repo) {
    return "{\"type\":\"repository\",\"slug\":" + str(repo.slug()) + ",\"name\":" + str(repo.slug())
        + ",\"full_name\":" + str(workspace + "/" + repo.slug()) + ",\"is_private\":true,"
        + "\"scm\":\"git\",\"workspace\":{\"slug\":" + str(workspace) + "},"
        + "\"project\":{\"type\":\"project\",\"key\":" + str(repo.project()) + ",\"name\":"
        + str(projects.get(repo.project())) + "},\"mainbranch\":{\"type\":\"branch\",\"name\":"
        + str(repo.git().branch()) + "},\"links\":{\"html\":{\"href\":" + str(webUrl(repo.slug(), ""))
        + "}}}";
  }

  private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|(\\S+)");

  private List<String> search(String query) {
    String term = null;
    String pathFilter = null;
    String repoFilter = null;
    String projectFilter = null;
    Matcher t = TOKEN.matcher(query);
    while (t.find()) {
      if (t.group(1) != null) {
        term = t.group(1);
      } else if (t.group(2).startsWith("path:")) {
        pathFilter = t.group(2).substring(5);
      } else if (t.group(2).startsWith("repo:")) {
        repoFilter = t.group(2).substring(5);
      } else if (t.group(2).startsWith("project:")) {
        projectFilter = t.group(2).substring(8);
      } else {
        term = t.group(2);
      }
    }
    List<String> out = new ArrayList<>();
    if (term == null || term.isEmpty()) {
      return out;
    }
    for (Repo repo : repos.values()) {
      if (repoFilter != null && !repoFilter.equals(repo.slug())
          || projectFilter != null && !projectFilter.equals(repo.project())) {
        continue;
      }
      for (Map.Entry<String, byte[]> f : repo.git().files().entrySet()) {
        String p = f.getKey();
        if (pathFilter != null) {
          String pf = pathFilter.replaceAll("^/+", "").replaceAll("/+$", "");
          if (!p.equals(pf) && !p.startsWith(pf + "/")) {
            continue;
          }
        }
        String name = p.substring(p.lastIndexOf('/') + 1);
        boolean pathMatch = name.equals(term);
        boolean contentMatch = new String(f.getValue(), StandardCharsets.UTF_8).contains(term);
        if (!pathMatch && !contentMatch) {
          continue;
        }
        int at = p.lastIndexOf('/') + 1;
        String pathMatches = pathMatch
            ? "[" + (at > 0 ? "{\"text\":" + str(p.substring(0, at)) + "}," : "")
                + "{\"text\":" + str(name) + ",\"match\":true}]"
            : "[]";
        out.add("{\"type\":\"code_search_result\",\"content_match_count\":" + (contentMatch ? 1 : 0)
            + ",\"content_matches\":[],\"path_matches\":" + pathMatches + ",\"file\":{\"path\":"
            + str(p) + ",\"type\":\"commit_file\",\"commit\":{\"type\":\"commit\",\"hash\":"
            + str(repo.git().commitSha()) + ",\"repository\":" + repoJson(repo) + "}}}");
      }
    }
    return out;
  }

  /** Answers one page of {@code items}: {@code page} from 1, {@code pagelen} up to 100. */
  private void page(HttpExchange ex, String path, Map<String, String> q, List<String> items)
      throws IOException {
    int page;
    int pagelen;
    try {
      page = Integer.parseInt(q.getOrDefault("page", "1"));
      pagelen = Math.min(100, Integer.parseInt(q.getOrDefault("pagelen", "10")));
    } catch (NumberFormatException e) {
      error(ex, 400, "Invalid page or pagelen");
      return;
    }
    if (page < 1 || pagelen < 1) {
      error(ex, 400, "Invalid page or pagelen");
      return;
    }
    int from = Math.min(items.size(), (page - 1) * pagelen);
    int to = Math.min(items.size(), from + pagelen);
    StringBuilder next = new StringBuilder();
    if (to < items.size()) {
      Map<String, String> nq = new LinkedHashMap<>(q);
      nq.put("page", String.valueOf(page + 1));
      nq.put("pagelen", String.valueOf(pagelen));
      StringBuilder qs = new StringBuilder();
      nq.forEach((k, v) -> qs.append(qs.length() == 0 ? "?" : "&").append(Archives.enc(k))
          .append('=').append(Archives.enc(v)));
      next.append(",\"next\":").append(str(baseUrl() + path + qs));
    }
    json(ex, 200, "{\"size\":" + items.size() + ",\"page\":" + page + ",\"pagelen\":" + pagelen
        + next + ",\"values\":[" + String.join(",", items.subList(from, to)) + "]}");
  }

  @Override
  protected void error(HttpExchange ex, int status, String message) throws IOException {
    json(ex, status, "{\"type\":\"error\",\"error\":{\"message\":" + str(Objects.toString(message))
        + "}}");
  }
}
