package dev.greenroom.scaffolder.publish.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local GitLab written from its REST API v4 reference, for the GitLab actions: namespaces
 * ({@code GET /namespaces/:id} with {@code kind}, 404 for unknown ones), a group's or user's projects
 * ({@code GET /groups/:id/projects?search=}), {@code GET /user}, {@code POST /projects}
 * (201; 400 "has already been taken"), {@code GET /projects/:path}, branches, protected branches,
 * variables, merge requests (201, source branch must exist; read, reviewers edited, approval rules
 * with the approvers a test sets, set to auto-merge), {@code GET /users?username=}, groups
 * search and creation. Git lives at {@code /{namespace}/{project}.git}. Errors have GitLab's
 * {@code {"message":...}} body.
 */
public final class GitlabHost extends GitHost {
  private final Map<String, Long> namespaces = new LinkedHashMap<>();
  private final Map<String, ObjectNode> projects = new LinkedHashMap<>();
  private final List<ObjectNode> groups = new ArrayList<>();
  private final List<ObjectNode> mergeRequests = new ArrayList<>();
  private final Map<Long, List<Long>> approvers = new LinkedHashMap<>();
  private long nextId = 100;
  private boolean refuseMembers;
  private boolean refuseAutoMerge;

  /** A host whose repositories live under {@code root}; user {@code jane} has id 7. */
  public GitlabHost(Path root) throws IOException {
    super(root);
    namespaces.put("jane", 7L);
  }

  /** The API base. */
  public String apiBaseUrl() {
    return baseUrl() + "/api/v4";
  }

  /** Adds a group (and namespace) with this full path. */
  public synchronized long group(String fullPath) {
    long id = nextId++;
    namespaces.put(fullPath, id);
    ObjectNode g = Json.object();
    g.put("id", id);
    g.put("full_path", fullPath);
    g.put("path", fullPath.substring(fullPath.lastIndexOf('/') + 1));
    groups.add(g);
    return id;
  }

  /** Answers {@code POST /projects/:id/members} with 403 (a token that may not add members). */
  public synchronized void refuseMembers(boolean on) {
    refuseMembers = on;
  }

  /** Answers {@code PUT .../merge} with 405 (a project where auto-merge cannot be set). */
  public synchronized void refuseAutoMerge(boolean on) {
    refuseAutoMerge = on;
  }

  /** A group's description, or null when there is no such group. */
  public synchronized @Nullable String groupDescription(String fullPath) {
    return groups.stream().filter(g -> g.path("full_path").asString().equals(fullPath))
        .map(g -> g.path("description").asString("")).findFirst().orElse(null);
  }

  /** Sets the eligible approvers (user ids) of the approval rules of a project's merge requests. */
  public synchronized void approvers(String projectPath, Long... userIds) {
    approvers.put(projects.get(projectPath).path("id").asLong(), List.of(userIds));
  }

  /** The merge requests made, as GitLab would answer them. */
  public synchronized List<JsonNode> mergeRequests() {
    return mergeRequests.stream().map(m -> (JsonNode) m.deepCopy()).toList();
  }

  /** The groups, by full path. */
  public synchronized List<String> groupPaths() {
    return groups.stream().map(g -> g.path("full_path").asString()).toList();
  }

  /** The git path of a project. */
  public static String gitPath(String path) {
    return path + ".git";
  }

  @Override
  protected boolean isGitPath(String path) {
    return !path.startsWith("/api/");
  }

  @Override
  protected synchronized void api(HttpExchange ex, String method, String path,
      Map<String, String> q, @Nullable JsonNode body) throws IOException {
    String p = path.substring("/api/v4".length());
    if (method.equals("GET") && p.startsWith("/namespaces/")) {
      Long id = namespaces.get(decode(p.substring("/namespaces/".length())));
      if (id == null) {
        error(ex, 404, "404 Namespace Not Found");
        return;
      }
      String ns = decode(p.substring("/namespaces/".length()));
      json(ex, 200, Json.object().put("id", id).put("full_path", ns)
          .put("kind", ns.equals("jane") ? "user" : "group"));
    } else if (method.equals("GET") && p.matches("^/(groups|users)/[^/]+/projects$")) {
      // a group's or user's projects, filtered by name as ?search= does
      String ns = decode(p.split("/")[2]);
      String search = q.getOrDefault("search", "");
      ArrayNode out = Json.nodes().arrayNode();
      projects.values().stream()
          .filter(x -> x.path("path_with_namespace").asString().equals(ns + "/"
              + x.path("path").asString()))
          .filter(x -> x.path("name").asString().contains(search)
              || x.path("path").asString().contains(search))
          .forEach(out::add);
      json(ex, 200, out);
    } else if (method.equals("GET") && p.equals("/user")) {
      json(ex, 200, Json.object().put("id", 7).put("username", "jane"));
    } else if (method.equals("GET") && p.equals("/users")) {
      ArrayNode users = Json.nodes().arrayNode();
      String u = q.getOrDefault("username", "");
      if (u.equals("jane") || u.equals("joe")) {
        users.addObject().put("id", u.equals("jane") ? 7 : 8).put("username", u);
      }
      json(ex, 200, users);
    } else if (method.equals("POST") && p.equals("/projects")) {
      long ns = body.path("namespace_id").asLong();
      String nsPath = namespaces.entrySet().stream().filter(e -> e.getValue() == ns)
          .map(Map.Entry::getKey).findFirst().orElse(null);
      if (nsPath == null) {
        error(ex, 404, "404 Namespace Not Found");
        return;
      }
      // without a path GitLab generates one from the name, in lower case with dashes
      String slug = body.has("path") ? body.path("path").asString("")
          : body.path("name").asString("").toLowerCase(java.util.Locale.ROOT)
              .replaceAll("[^a-z0-9_.-]+", "-");
      String full = nsPath + "/" + slug;
      if (projects.containsKey(full)) {
        ObjectNode e = Json.object();
        e.putObject("message").putArray("name").add("has already been taken");
        json(ex, 400, e);
        return;
      }
      ObjectNode project = Json.object();
      project.put("id", nextId++);
      project.put("path", slug);
      project.put("name", body.path("name").asString(slug));
      project.put("path_with_namespace", full);
      project.put("default_branch", "main");
      project.put("http_url_to_repo", baseUrl() + "/" + full + ".git");
      project.put("web_url", baseUrl() + "/" + full);
      project.set("request", body);
      projects.put(full, project);
      createBare(gitPath(full), "main");
      json(ex, 201, project);
    } else if (method.equals("GET") && p.startsWith("/projects/") && !p.substring(10)
        .contains("/")) {
      ObjectNode project = projects.get(decode(p.substring("/projects/".length())));
      if (project == null) {
        error(ex, 404, "404 Project Not Found");
        return;
      }
      json(ex, 200, project);
    } else if (method.equals("POST") && p.matches("^/projects/\\d+/merge_requests$")) {
      ObjectNode project = byId(Long.parseLong(p.split("/")[2]));
      if (head(gitPath(project.path("path_with_namespace").asString()),
          body.path("source_branch").asString("")) == null) {
        error(ex, 422, "Source branch does not exist");
        return;
      }
      long iid = mergeRequests.size() + 1;
      ObjectNode mr = Json.object();
      mr.put("iid", iid);
      mr.put("project_id", project.path("id").asLong());
      mr.put("web_url", project.path("web_url").asString() + "/-/merge_requests/" + iid);
      mr.put("detailed_merge_status", "mergeable");
      ArrayNode reviewers = mr.putArray("reviewers");
      body.path("reviewer_ids").forEach(id -> reviewers.addObject().put("id", id.asLong()));
      mr.put("auto_merge", false);
      mergeRequests.add(mr);
      json(ex, 201, mr);
    } else if (p.matches("^/projects/\\d+/merge_requests/\\d+(/approval_rules|/merge)?$")) {
      String[] parts = p.split("/");
      ObjectNode mr = mergeRequests.stream()
          .filter(x -> x.path("project_id").asLong() == Long.parseLong(parts[2])
              && x.path("iid").asLong() == Long.parseLong(parts[4]))
          .findFirst().orElse(null);
      if (mr == null) {
        error(ex, 404, "404 Not found");
      } else if (method.equals("GET") && parts.length == 5) {
        json(ex, 200, mr);
      } else if (method.equals("GET") && p.endsWith("/approval_rules")) {
        // one rule (CODEOWNERS-like) whose eligible approvers the test set for the project
        ArrayNode rules = Json.nodes().arrayNode();
        ObjectNode rule = rules.addObject().put("id", 1).put("name", "CODEOWNERS");
        ArrayNode eligible = rule.putArray("eligible_approvers");
        approvers.getOrDefault(mr.path("project_id").asLong(), List.of())
            .forEach(id -> eligible.addObject().put("id", id));
        json(ex, 200, rules);
      } else if (method.equals("PUT") && parts.length == 5) {
        if (body.has("reviewer_ids")) {
          ArrayNode reviewers = mr.putArray("reviewers");
          body.path("reviewer_ids").forEach(id -> reviewers.addObject().put("id", id.asLong()));
        }
        json(ex, 200, mr);
      } else if (method.equals("PUT") && p.endsWith("/merge")) {
        // with auto_merge the merge waits for the pipeline (GitLab's "set to auto-merge")
        if (refuseAutoMerge || !body.path("auto_merge").asBoolean(false)) {
          error(ex, 405, "405 Method Not Allowed");
          return;
        }
        mr.put("auto_merge", true);
        json(ex, 200, mr);
      } else {
        error(ex, 404, "404 Not Found");
      }
    } else if (refuseMembers && method.equals("POST") && p.matches("^/projects/\\d+/members$")) {
      error(ex, 403, "403 Forbidden");
    } else if (method.equals("POST") && p.matches("^/projects/\\d+/(repository/branches"
        + "|protected_branches|variables|members)$")) {
      json(ex, 201, body == null ? Json.object() : body);
    } else if (method.equals("GET") && p.equals("/groups")) {
      String search = q.getOrDefault("search", "");
      ArrayNode out = Json.nodes().arrayNode();
      groups.stream().filter(g -> g.path("full_path").asString().contains(search))
          .forEach(out::add);
      json(ex, 200, out);
    } else if (method.equals("POST") && p.equals("/groups")) {
      String parentPath = "";
      if (body.has("parent_id")) {
        long parent = body.path("parent_id").asLong();
        parentPath = groups.stream().filter(g -> g.path("id").asLong() == parent)
            .map(g -> g.path("full_path").asString() + "/").findFirst().orElse("?/");
      }
      long id = group(parentPath + body.path("path").asString());
      groups.get(groups.size() - 1).put("description", body.path("description").asString(""));
      json(ex, 201, Json.object().put("id", id));
    } else {
      error(ex, 404, "404 Not Found");
    }
  }

  private ObjectNode byId(long id) {
    return projects.values().stream().filter(x -> x.path("id").asLong() == id).findFirst()
        .orElseThrow();
  }

  @Override
  protected void error(HttpExchange ex, int status, String message) throws IOException {
    json(ex, status, Json.object().put("message", message));
  }
}
