package dev.greenroom.scaffolder.publish.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * A local GitHub (Enterprise Server layout: REST under {@code /api/v3}, git at {@code
 * /{owner}/{repo}.git}) written from GitHub's REST reference, for the GitHub actions: users and
 * organisations ({@code GET /users/{owner}}, {@code GET /user}), repository creation in an
 * organisation or for the token's user (201; 422 "name already exists on this account"; {@code
 * auto_init} commits a README), workflow access of private repositories, {@code GET
 * /repos/{o}/{r}}, teams, collaborators, topics, variables, branch protection, forks into the
 * token's user (202), pulls (201, the head branch, or a fork's {@code user:branch}, must exist),
 * reviewers, assignees, hooks, environments with branch policies and variables, and workflow
 * dispatches (204, or 200 with the run for {@code return_run_details}). Errors have GitHub's
 * {@code {"message":...}} body.
 */
public final class GithubHost extends GitHost {
  private final Set<String> orgs = new LinkedHashSet<>();
  private final Set<String> teams = new LinkedHashSet<>();
  private final Map<String, String> userOfToken = new LinkedHashMap<>();
  private final Map<String, ObjectNode> repos = new LinkedHashMap<>();
  private int pulls;
  private long appId = -1;
  private java.security.interfaces.@Nullable RSAPublicKey appKey;
  private final Map<String, String> installationTokens = new LinkedHashMap<>();

  /** A host whose repositories live under {@code root}. */
  public GithubHost(Path root) throws IOException {
    super(root);
  }

  /** The API base, {@code http://127.0.0.1:port/api/v3}. */
  public String apiBaseUrl() {
    return baseUrl() + "/api/v3";
  }

  /** Adds an organisation with teams. */
  public synchronized GithubHost org(String org, String... teamSlugs) {
    orgs.add(org);
    for (String t : teamSlugs) {
      teams.add(org + "/" + t);
    }
    return this;
  }

  /** Accepts {@code token} (Bearer, and Basic as x-access-token for git) for user {@code login}. */
  public synchronized GithubHost user(String login, String token) {
    userOfToken.put("Bearer " + token, login);
    bearer(token);
    basic("x-access-token", token);
    return this;
  }

  /**
   * Registers a GitHub App: its JWTs (RS256, {@code iss} = the App id) are checked with {@code
   * key}; it is installed for {@code owner}, whose installation token is {@code token}.
   */
  public synchronized GithubHost app(long id, java.security.interfaces.RSAPublicKey key,
      String owner, String token) {
    appId = id;
    appKey = key;
    installationTokens.put(owner, token);
    bearer(token);
    basic("x-access-token", token);
    return this;
  }

  @Override
  protected synchronized boolean authorises(String path, String authorization) {
    if (appKey == null || !path.startsWith("/api/v3/app/")
        || !authorization.startsWith("Bearer ")) {
      return false;
    }
    String[] jwt = authorization.substring(7).split("\\.");
    if (jwt.length != 3) {
      return false;
    }
    try {
      var verifier = java.security.Signature.getInstance("SHA256withRSA");
      verifier.initVerify(appKey);
      verifier.update((jwt[0] + "." + jwt[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      if (!verifier.verify(java.util.Base64.getUrlDecoder().decode(jwt[2]))) {
        return false;
      }
      JsonNode claims = Json.parse(new String(java.util.Base64.getUrlDecoder().decode(jwt[1]),
          java.nio.charset.StandardCharsets.UTF_8));
      return claims.path("iss").asString(claims.path("iss").toString())
          .equals(Long.toString(appId));
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The git path of a repository. */
  public static String gitPath(String owner, String repo) {
    return owner + "/" + repo + ".git";
  }

  /** The repository's JSON as GitHub would answer it (with {@code workflow_access} once set). */
  public synchronized @Nullable JsonNode repo(String owner, String repo) {
    ObjectNode r = repos.get(owner + "/" + repo);
    return r == null ? null : r.deepCopy();
  }

  /** Creates a repository (as if made earlier), empty. */
  public synchronized void existingRepo(String owner, String repo, String defaultBranch) {
    ObjectNode body = Json.object();
    body.put("name", repo);
    repos.put(owner + "/" + repo, repoJson(owner, repo, body, defaultBranch));
    createBare(gitPath(owner, repo), defaultBranch);
  }

  @Override
  protected boolean isGitPath(String path) {
    return !path.startsWith("/api/");
  }

  private static final Pattern REPO = Pattern.compile("^/api/v3/repos/([^/]+)/([^/]+)(/.*)?$");

  @Override
  protected synchronized void api(HttpExchange ex, String method, String path,
      Map<String, String> q, @Nullable JsonNode body) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    Matcher m;
    if (path.startsWith("/api/v3/app/")) {
      app(ex, method, path);
      return;
    }
    if (method.equals("GET") && (m = Pattern.compile("^/api/v3/users/([^/]+)$").matcher(path))
        .matches()) {
      String login = decode(m.group(1));
      ObjectNode u = Json.object();
      u.put("login", login);
      u.put("type", orgs.contains(login) ? "Organization" : "User");
      json(ex, 200, u);
      return;
    }
    if (method.equals("POST") && (path.equals("/api/v3/user/repos")
        || (m = Pattern.compile("^/api/v3/orgs/([^/]+)/repos$").matcher(path)).matches())) {
      String owner = path.equals("/api/v3/user/repos") ? userOfToken.get(auth)
          : decode(Pattern.compile("^/api/v3/orgs/([^/]+)/repos$").matcher(path).replaceAll("$1"));
      String name = body == null ? "" : body.path("name").asString("");
      if (repos.containsKey(owner + "/" + name)) {
        ObjectNode e = Json.object();
        e.put("message", "Repository creation failed.");
        e.putArray("errors").addObject().put("resource", "Repository").put("code", "custom")
            .put("field", "name").put("message", "name already exists on this account");
        json(ex, 422, e);
        return;
      }
      ObjectNode r = repoJson(owner, name, body, "main");
      repos.put(owner + "/" + name, r);
      createBare(gitPath(owner, name), "main");
      if (body.path("auto_init").asBoolean(false)) {
        // GitHub's auto_init: a first commit with a README on the default branch
        commit(gitPath(owner, name), "main", Map.of("README.md", "# " + name + "\n"),
            "Initial commit");
      }
      json(ex, 201, r);
      return;
    }
    if (method.equals("GET") && path.equals("/api/v3/user") && userOfToken.containsKey(auth)) {
      json(ex, 200, Json.object().put("login", userOfToken.get(auth)).put("type", "User"));
      return;
    }
    if ((m = Pattern.compile("^/api/v3/orgs/([^/]+)/teams/([^/]+)$").matcher(path)).matches()) {
      if (!teams.contains(decode(m.group(1)) + "/" + decode(m.group(2)))) {
        error(ex, 404, "Not Found");
        return;
      }
      json(ex, 200, Json.object().put("slug", decode(m.group(2))));
      return;
    }
    if (method.equals("PUT") && path.matches("^/api/v3/orgs/[^/]+/teams/[^/]+/repos/.*$")) {
      send(ex, 204, "text/plain", new byte[0]);
      return;
    }
    m = REPO.matcher(path);
    if (!m.matches()) {
      error(ex, 404, "Not Found");
      return;
    }
    String full = decode(m.group(1)) + "/" + decode(m.group(2));
    ObjectNode repo = repos.get(full);
    if (repo == null) {
      error(ex, 404, "Not Found");
      return;
    }
    String rest = m.group(3) == null ? "" : m.group(3);
    if (rest.isEmpty() && method.equals("GET")) {
      json(ex, 200, repo);
    } else if (rest.startsWith("/contents/") && method.equals("GET")) {
      // the raw file (Accept: application/vnd.github.v3.raw), read from the pushed branch
      String file = decode(rest.substring("/contents/".length()));
      String content = files(gitPath(decode(m.group(1)), decode(m.group(2))),
          q.getOrDefault("ref", repo.path("default_branch").asString())).get(file);
      if (content == null) {
        error(ex, 404, "Not Found");
        return;
      }
      send(ex, 200, "application/vnd.github.v3.raw", content.getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
    } else if (rest.equals("/forks") && method.equals("POST")) {
      // GitHub forks into the token's user (answering the existing fork if there is one)
      String login = userOfToken.get(auth);
      String name = decode(m.group(2));
      ObjectNode fork = repos.get(login + "/" + name);
      if (fork == null) {
        fork = repoJson(login, name, repo, repo.path("default_branch").asString());
        fork.put("fork", true);
        fork.put("parent", full);
        repos.put(login + "/" + name, fork);
        forkBare(gitPath(decode(m.group(1)), name), gitPath(login, name));
      }
      json(ex, 202, fork);
    } else if (rest.equals("/pulls") && method.equals("POST")) {
      String head = body.path("head").asString("");
      String headRepo = gitPath(decode(m.group(1)), decode(m.group(2)));
      if (head.contains(":")) {
        // a fork's branch, "user:branch"
        headRepo = gitPath(head.substring(0, head.indexOf(':')), decode(m.group(2)));
        head = head.substring(head.indexOf(':') + 1);
      }
      if (!exists(headRepo) || head(headRepo, head) == null) {
        ObjectNode e = Json.object();
        e.put("message", "Validation Failed");
        e.putArray("errors").addObject().put("field", "head").put("code", "invalid");
        json(ex, 422, e);
        return;
      }
      pulls++;
      ObjectNode pr = Json.object();
      pr.put("number", pulls);
      pr.put("html_url", baseUrl() + "/" + full + "/pull/" + pulls);
      json(ex, 201, pr);
    } else if (rest.equals("/actions/permissions/access") && method.equals("PUT")) {
      if (!repo.path("private").asBoolean(false)) {
        error(ex, 422, "Workflow access can only be set on private or internal repositories");
        return;
      }
      repo.put("workflow_access", body.path("access_level").asString(""));
      send(ex, 204, "text/plain", new byte[0]);
    } else if (rest.equals("/actions/workflows/ci.yml/dispatches") && method.equals("POST")) {
      if (body != null && body.path("return_run_details").asBoolean(false)) {
        // GitHub's 200 answer with the run when return_run_details is asked for
        long run = 9000 + requests("POST", "/dispatches").size();
        ObjectNode details = Json.object();
        details.put("workflow_run_id", run);
        details.put("run_url", apiBaseUrl() + "/repos/" + full + "/actions/runs/" + run);
        details.put("html_url", baseUrl() + "/" + full + "/actions/runs/" + run);
        json(ex, 200, details);
        return;
      }
      send(ex, 204, "text/plain", new byte[0]);
    } else if (rest.startsWith("/actions/workflows/")) {
      error(ex, 404, "Not Found");
    } else if (method.equals("PUT") || method.equals("POST")) {
      int status = rest.startsWith("/collaborators/") || rest.equals("/hooks")
          || rest.endsWith("/variables") ? 201 : 200;
      json(ex, status, body == null ? Json.object() : body);
    } else {
      error(ex, 404, "Not Found");
    }
  }

  private void app(HttpExchange ex, String method, String path) throws IOException {
    List<String> owners = List.copyOf(installationTokens.keySet());
    if (method.equals("GET") && path.equals("/api/v3/app/installations")) {
      var list = Json.nodes().arrayNode();
      for (int i = 0; i < owners.size(); i++) {
        list.addObject().put("id", 1000 + i).putObject("account").put("login", owners.get(i))
            .put("type", "Organization");
      }
      json(ex, 200, list);
      return;
    }
    Matcher m = Pattern.compile("^/api/v3/app/installations/(\\d+)/access_tokens$").matcher(path);
    if (method.equals("POST") && m.matches()) {
      int i = Integer.parseInt(m.group(1)) - 1000;
      if (i < 0 || i >= owners.size()) {
        error(ex, 404, "Not Found");
        return;
      }
      json(ex, 201, Json.object().put("token", installationTokens.get(owners.get(i)))
          .put("expires_at", java.time.Instant.now().plusSeconds(3600).toString()));
      return;
    }
    error(ex, 404, "Not Found");
  }

  private ObjectNode repoJson(String owner, String name, JsonNode body, String defaultBranch) {
    ObjectNode r = Json.object();
    r.put("name", name);
    r.put("full_name", owner + "/" + name);
    r.putObject("owner").put("login", owner);
    r.put("private", body.path("private").asBoolean(false));
    r.put("visibility", body.path("visibility").asString(
        body.path("private").asBoolean(false) ? "private" : "public"));
    r.put("description", body.path("description").asString(""));
    r.put("default_branch", defaultBranch);
    r.put("clone_url", baseUrl() + "/" + owner + "/" + name + ".git");
    r.put("html_url", baseUrl() + "/" + owner + "/" + name);
    return r;
  }

  @Override
  protected void error(HttpExchange ex, int status, String message) throws IOException {
    ObjectNode e = Json.object();
    e.put("message", message);
    e.put("documentation_url", "https://docs.github.com/rest");
    json(ex, status, e);
  }
}
