package dev.greenroom.scaffolder.publish.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Bitbucket Server (Data Center) written from Atlassian's REST API 1.0 reference, for
 * publishing: {@code POST /rest/api/1.0/projects/{KEY}/repos} (201 with {@code links.clone} and
 * {@code links.self}; 409 when the slug is taken; 404 for an unknown project), {@code GET
 * .../default-branch}, {@code GET .../branches?filterText=}, {@code POST .../branches} ({@code
 * name}, {@code startPoint}), {@code POST .../pull-requests} (201) and LFS's {@code PUT
 * /rest/git-lfs/admin/projects/{KEY}/repos/{slug}/enabled}. Git lives at {@code /scm/{key}/{slug}.git}
 * as on a real server. Errors have Bitbucket Server's {@code {"errors":[{"message":...}]}} body.
 */
public final class BitbucketServerHost extends GitHost {
  private static final Pattern REPOS = Pattern.compile("^/rest/api/1\\.0/projects/([^/]+)/repos$");
  private static final Pattern REPO =
      Pattern.compile("^/rest/api/1\\.0/projects/([^/]+)/repos/([^/]+)(/.*)?$");
  private static final Pattern LFS =
      Pattern.compile("^/rest/git-lfs/admin/projects/([^/]+)/repos/([^/]+)/enabled$");

  private final Set<String> projects = new LinkedHashSet<>();
  private final Set<String> lfs = new LinkedHashSet<>();
  private final List<JsonNode> pullRequests = new ArrayList<>();
  private String cloneBase;

  /** A server whose repositories live under {@code root}. */
  public BitbucketServerHost(Path root) throws IOException {
    super(root);
    cloneBase = baseUrl();
  }

  /** Answers clone links on this base instead of its own (a misconfigured or hostile server). */
  public synchronized BitbucketServerHost cloneBase(String base) {
    cloneBase = base;
    return this;
  }

  /** Adds a project. */
  public synchronized BitbucketServerHost project(String key) {
    projects.add(key);
    return this;
  }

  /** Creates an empty repository (as if made earlier). */
  public synchronized void existingRepo(String key, String slug, String defaultBranch) {
    projects.add(key);
    createBare(gitPath(key, slug), defaultBranch);
  }

  /** The git path of a repository, {@code scm/key/slug.git}. */
  public static String gitPath(String key, String slug) {
    return "scm/" + key + "/" + slug + ".git";
  }

  /** The repositories with LFS enabled, {@code KEY/slug}. */
  public synchronized Set<String> lfsEnabled() {
    return Set.copyOf(lfs);
  }

  /** The pull requests made, as posted. */
  public synchronized List<JsonNode> pullRequests() {
    return List.copyOf(pullRequests);
  }

  @Override
  protected boolean isGitPath(String path) {
    return path.startsWith("/scm/");
  }

  @Override
  protected synchronized void api(HttpExchange ex, String method, String path,
      Map<String, String> q, @Nullable JsonNode body) throws IOException {
    Matcher m = REPOS.matcher(path);
    if (m.matches() && method.equals("POST")) {
      String key = decode(m.group(1));
      if (!projects.contains(key)) {
        error(ex, 404, "Project " + key + " does not exist.");
        return;
      }
      String slug = body == null ? "" : body.path("name").asString("").toLowerCase();
      if (slug.isEmpty()) {
        error(ex, 400, "name is required");
        return;
      }
      if (exists(gitPath(key, slug))) {
        error(ex, 409, "This repository URL is already taken.");
        return;
      }
      createBare(gitPath(key, slug), body.path("defaultBranch").asString("master"));
      json(ex, 201, repoJson(key, slug, body));
      return;
    }
    Matcher lfsM = LFS.matcher(path);
    if (lfsM.matches() && method.equals("PUT")) {
      lfs.add(decode(lfsM.group(1)) + "/" + decode(lfsM.group(2)));
      send(ex, 204, "text/plain", new byte[0]);
      return;
    }
    m = REPO.matcher(path);
    if (!m.matches()) {
      error(ex, 404, "Resource not found");
      return;
    }
    String key = decode(m.group(1));
    String slug = decode(m.group(2));
    String rest = m.group(3) == null ? "" : m.group(3);
    String git = gitPath(key, slug);
    if (!exists(git)) {
      error(ex, 404, "Repository " + key + "/" + slug + " does not exist.");
      return;
    }
    if (rest.equals("/default-branch") && method.equals("GET")) {
      json(ex, 200, branch(git, "master"));
    } else if (rest.equals("/branches") && method.equals("GET")) {
      String filter = q.getOrDefault("filterText", "");
      ObjectNode page = Json.object();
      var values = page.putArray("values");
      for (String b : List.of("master", "main", filter)) {
        if (!b.isEmpty() && b.contains(filter) && head(git, b) != null
            && values.findValues("displayId").stream().noneMatch(v -> v.asString().equals(b))) {
          values.add(branch(git, b));
        }
      }
      page.put("isLastPage", true);
      page.put("size", values.size());
      json(ex, 200, page);
    } else if (rest.equals("/branches") && method.equals("POST")) {
      String name = body == null ? "" : body.path("name").asString("");
      String start = body == null ? "" : body.path("startPoint").asString("");
      if (head(git, name) != null) {
        error(ex, 409, "Branch " + name + " already exists");
        return;
      }
      createBranch(git, name, start);
      json(ex, 200, branch(git, name));
    } else if (rest.equals("/pull-requests") && method.equals("POST")) {
      pullRequests.add(body);
      ObjectNode pr = Json.object();
      pr.put("id", pullRequests.size());
      pr.put("title", body == null ? "" : body.path("title").asString(""));
      pr.putObject("links").putArray("self").addObject().put("href", baseUrl() + "/projects/"
          + key + "/repos/" + slug + "/pull-requests/" + pullRequests.size());
      json(ex, 201, pr);
    } else {
      error(ex, 404, "Resource not found");
    }
  }

  private ObjectNode branch(String git, String name) {
    ObjectNode b = Json.object();
    String head = head(git, name);
    b.put("id", "refs/heads/" + name);
    b.put("displayId", name);
    b.put("type", "BRANCH");
    b.put("latestCommit", head == null ? "" : head);
    b.put("latestChangeset", head == null ? "" : head);
    b.put("isDefault", name.equals("master"));
    return b;
  }

  private ObjectNode repoJson(String key, String slug, JsonNode body) {
    ObjectNode r = Json.object();
    r.put("slug", slug);
    r.put("name", body.path("name").asString(""));
    r.put("description", body.path("description").asString(""));
    r.put("public", body.path("public").asBoolean(false));
    r.put("scmId", "git");
    r.put("state", "AVAILABLE");
    r.putObject("project").put("key", key);
    ObjectNode links = r.putObject("links");
    var clone = links.putArray("clone");
    clone.addObject().put("href", cloneBase + "/scm/" + key.toLowerCase() + "/" + slug + ".git")
        .put("name", "http");
    clone.addObject().put("href", "ssh://git@127.0.0.1:7999/" + key.toLowerCase() + "/" + slug
        + ".git").put("name", "ssh");
    links.putArray("self").addObject().put("href", baseUrl() + "/projects/" + key + "/repos/"
        + slug + "/browse");
    return r;
  }

  @Override
  protected void error(HttpExchange ex, int status, String message) throws IOException {
    ObjectNode e = Json.object();
    e.putArray("errors").addObject().put("context", (String) null).put("message", message)
        .put("exceptionName", "com.atlassian.bitbucket.ServiceException");
    json(ex, status, e);
  }
}
