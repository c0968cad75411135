package dev.greenroom.integrations.gitlab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenroom.integrations.testing.Tar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local GitLab REST API (v4), written from GitLab's public API reference, for tests: projects in
 * nested groups, each serving real files from a folder on one branch, with blob, tree and commit
 * shas computed as git computes them (a changed file makes a new commit whose parent is the last
 * one); users, groups and memberships. Served on 127.0.0.1, optionally below a relative path
 * ({@code /gitlab}) as a self-managed instance can be.
 *
 * <p>Endpoints (below {@code /api/v4}): {@code GET /projects}, {@code /projects/:id} (a number or
 * the url-encoded full path), {@code GET|HEAD /projects/:id/repository/files/:path?ref=}, {@code
 * /repository/files/:path/raw?ref=} (ETag, 304), {@code /repository/commits?ref_name=&path=},
 * {@code /repository/archive[.tar.gz]?sha=&path=}, {@code /jobs/artifacts/:ref/raw/*path?job=}, {@code
 * /repository/tree?recursive=&path=&ref=}; {@code GET /groups}, {@code /groups/:id}, {@code
 * /groups/:id/projects?include_subgroups=&archived=}, {@code /groups/:id/descendant_groups},
 * {@code /groups/:id/search?scope=blobs&search=filename:<name>},
 * {@code /groups/:id/members[/all]}; {@code GET /users}, {@code /users/:id}. Lists are paged with
 * {@code page}/{@code per_page} and GitLab's {@code x-next-page} headers. Every request's {@code
 * PRIVATE-TOKEN} or {@code Authorization: Bearer} token is checked: an unknown one answers 401;
 * none sees only public projects and groups.
 */
public final class FakeGitlab implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One logged request.
   *
   * @param tokenHeader {@code PRIVATE-TOKEN}, {@code Authorization} or empty: where the token came
   */
  public record Request(String method, String path, String query, String token, String ifNoneMatch,
      String tokenHeader) {}

  private final HttpServer server;
  private final String relative;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, Project> projects = new LinkedHashMap<>();
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int failWith;
  private volatile boolean rateLimited;
  private volatile byte[] archiveOverride;
  private volatile long delayMillis;
  private long nextId = 1;
  private long clock = 1_700_000_000L;

  private static final class Group {
    long id;
    String fullPath;
    String name;
    String description = "";
    String visibility = "private";
    Long parentId;
    final Set<String> members = new LinkedHashSet<>();
  }

  private static final class User {
    long id;
    String username;
    String name;
    String email;
    String state = "active";
  }

  private record Commit(String sha, String tree, Set<String> changed, Map<String, byte[]> files) {}

  private static final class Project {
    long id;
    String path;
    String name;
    String branch = "main";
    boolean showDefaultBranch = true;
    boolean archived;
    String forkedFrom;
    String visibility = "private";
    final Map<String, byte[]> files = new TreeMap<>();
    final List<Commit> commits = new ArrayList<>();
    final Map<String, byte[]> objects = new LinkedHashMap<>();
    final Map<String, byte[]> artifacts = new LinkedHashMap<>();
  }

  /** A GitLab served at the root of its host. */
  public FakeGitlab() throws IOException {
    this("");
  }

  /** A self-managed GitLab served below {@code relativePath} (such as {@code /gitlab}). */
  public FakeGitlab(String relativePath) throws IOException {
    this.relative = relativePath.replaceAll("/+$", "");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  // ---- set-up

  /** Accepts this token (as {@code PRIVATE-TOKEN} or {@code Authorization: Bearer}). */
  public FakeGitlab token(String token) {
    tokens.add(token);
    return this;
  }

  /** Adds a group (its parent, the path before the last slash, must exist). */
  public synchronized FakeGitlab group(String fullPath, String name, String description) {
    Group g = new Group();
    g.id = nextId++;
    g.fullPath = fullPath;
    g.name = name;
    g.description = description;
    int slash = fullPath.lastIndexOf('/');
    if (slash > 0) {
      Group parent = groups.get(fullPath.substring(0, slash));
      if (parent == null) {
        throw new IllegalArgumentException("no parent group for " + fullPath);
      }
      g.parentId = parent.id;
    }
    groups.put(fullPath, g);
    return this;
  }

  /** Makes a group or project visible without a token. */
  public synchronized FakeGitlab publicVisibility(String path) {
    if (groups.containsKey(path)) {
      groups.get(path).visibility = "public";
    } else {
      project(path).visibility = "public";
    }
    return this;
  }

  /** Adds a project whose files are the regular files below {@code folder}, on branch {@code main}. */
  public synchronized FakeGitlab project(String pathWithNamespace, Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (folder != null) {
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          files.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    }
    return project(pathWithNamespace, files);
  }

  /** Adds a project with these files on branch {@code main}. */
  public synchronized FakeGitlab project(String pathWithNamespace, Map<String, byte[]> files) {
    int slash = pathWithNamespace.lastIndexOf('/');
    if (slash <= 0 || !groups.containsKey(pathWithNamespace.substring(0, slash))) {
      throw new IllegalArgumentException("no group for project " + pathWithNamespace);
    }
    Project p = new Project();
    p.id = nextId++;
    p.path = pathWithNamespace;
    p.name = pathWithNamespace.substring(slash + 1);
    p.files.putAll(files);
    projects.put(pathWithNamespace, p);
    commit(p, new TreeSet<>(files.keySet()));
    return this;
  }

  /** Writes (or, with null content, deletes) a file of a project, as a new commit. */
  public synchronized FakeGitlab file(String project, String path, byte[] content) {
    Project p = project(project);
    if (content == null) {
      p.files.remove(path);
    } else {
      p.files.put(path, content);
    }
    commit(p, Set.of(path));
    return this;
  }

  /** A file in the artifacts of the last successful job {@code job} on {@code ref}. */
  public synchronized FakeGitlab artifact(String project, String ref, String job, String path, byte[] content) {
    project(project).artifacts.put(ref + "|" + job + "|" + path, content);
    return this;
  }

  public synchronized FakeGitlab archived(String project) {
    project(project).archived = true;
    return this;
  }

  public synchronized FakeGitlab forkOf(String project, String upstream) {
    project(project).forkedFrom = upstream;
    return this;
  }

  /** Renames the project's only branch. */
  public synchronized FakeGitlab branch(String project, String branch) {
    project(project).branch = branch;
    return this;
  }

  /** Leaves {@code default_branch} out of the project's JSON (as for an empty repository). */
  public synchronized FakeGitlab hideDefaultBranch(String project) {
    project(project).showDefaultBranch = false;
    return this;
  }

  public synchronized FakeGitlab user(String username, String name, String email) {
    User u = new User();
    u.id = nextId++;
    u.username = username;
    u.name = name;
    u.email = email;
    users.put(username, u);
    return this;
  }

  /** Deletes a user and its memberships. */
  public synchronized FakeGitlab deleteUser(String username) {
    users.remove(username);
    groups.values().forEach(g -> g.members.remove(username));
    return this;
  }

  public synchronized FakeGitlab blockUser(String username) {
    users.get(username).state = "blocked";
    return this;
  }

  /** Makes a user a direct member of a group; null group path removes it from every group. */
  public synchronized FakeGitlab member(String group, String username) {
    if (!users.containsKey(username)) {
      throw new IllegalArgumentException("no user " + username);
    }
    groups.get(group).members.add(username);
    return this;
  }

  public synchronized FakeGitlab removeMember(String group, String username) {
    groups.get(group).members.remove(username);
    return this;
  }

  /** Answers every API request with this status (429 with retry-after: 30), or 0 for normal. */
  public FakeGitlab failWith(int status) {
    failWith = status;
    return this;
  }

  /** Waits this long before answering each request (a slow host), or zero. */
  public FakeGitlab delay(java.time.Duration delay) {
    delayMillis = delay.toMillis();
    return this;
  }

  /** Answers 403 with {@code ratelimit-remaining: 0}. */
  public FakeGitlab rateLimited(boolean on) {
    rateLimited = on;
    return this;
  }

  /** Serves these bytes as every archive. */
  public FakeGitlab archive(byte[] tarGz) {
    archiveOverride = tarGz;
    return this;
  }

  // ---- what tests ask

  /** The host, {@code 127.0.0.1:port}. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The web base, {@code http://127.0.0.1:port[/relative]}. */
  public String baseUrl() {
    return "http://" + host() + relative;
  }

  public String apiBaseUrl() {
    return baseUrl() + "/api/v4";
  }

  /** A project's web URL plus {@code rest} ({@code -/blob/main/catalog-info.yaml}). */
  public String webUrl(String project, String rest) {
    return baseUrl() + "/" + project + (rest.isEmpty() ? "" : "/" + rest);
  }

  public synchronized String commitSha(String project) {
    List<Commit> c = project(project).commits;
    return c.get(c.size() - 1).sha();
  }

  public synchronized long projectId(String project) {
    return project(project).id;
  }

  public synchronized long groupId(String group) {
    return groups.get(group).id;
  }

  public synchronized long userId(String username) {
    return users.get(username).id;
  }

  /** The project's JSON as {@code GET /projects/:id} answers it (for webhook payloads). */
  public synchronized ObjectNode projectJson(String project) {
    return projectJson(project(project));
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clearLog() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ---- git objects, computed as git computes them

  private Project project(String path) {
    Project p = projects.get(path);
    if (p == null) {
      throw new IllegalArgumentException("no project " + path);
    }
    return p;
  }

  private void commit(Project p, Set<String> changed) {
    String tree = tree(p, "", p.files);
    StringBuilder c = new StringBuilder("tree " + tree + "\n");
    if (!p.commits.isEmpty()) {
      c.append("parent ").append(p.commits.get(p.commits.size() - 1).sha()).append('\n');
    }
    long t = clock++;
    c.append("author Greenroom <dev@greenroom.dev> ").append(t).append(" +0000\n")
        .append("committer Greenroom <dev@greenroom.dev> ").append(t).append(" +0000\n\nfixture\n");
    String sha = put(p, "commit", c.toString().getBytes(StandardCharsets.UTF_8));
    p.commits.add(new Commit(sha, tree, Set.copyOf(changed), Map.copyOf(p.files)));
  }

  private String tree(Project p, String dir, Map<String, byte[]> all) {
    Map<String, Boolean> children = new TreeMap<>();
    String prefix = dir.isEmpty() ? "" : dir + "/";
    for (String path : all.keySet()) {
      if (!path.startsWith(prefix)) {
        continue;
      }
      String rest = path.substring(prefix.length());
      int slash = rest.indexOf('/');
      children.put(slash < 0 ? rest : rest.substring(0, slash), slash >= 0);
    }
    List<String> names = new ArrayList<>(children.keySet());
    names.sort((a, b) -> (children.get(a) ? a + "/" : a).compareTo(children.get(b) ? b + "/" : b));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String name : names) {
      String path = prefix + name;
      boolean isDir = children.get(name);
      String sha = isDir ? tree(p, path, all) : put(p, "blob", all.get(path));
      body.writeBytes(((isDir ? "40000" : "100644") + " " + name).getBytes(StandardCharsets.UTF_8));
      body.write(0);
      body.writeBytes(HexFormat.of().parseHex(sha));
    }
    return put(p, "tree", body.toByteArray());
  }

  private static String put(Project p, String type, byte[] body) {
    String sha = sha(type, body);
    p.objects.put(sha, body);
    return sha;
  }

  /** The git object id of {@code content} as a blob. */
  public static String blobSha(byte[] content) {
    return sha("blob", content);
  }

  private static String sha(String type, byte[] body) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update((type + " " + body.length + "\0").getBytes(StandardCharsets.UTF_8));
      sha1.update(body);
      return HexFormat.of().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- HTTP

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      String raw = uri.getRawPath();
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
      // GitLab takes a token as PRIVATE-TOKEN or as Authorization: Bearer
      String token = ex.getRequestHeaders().getFirst("PRIVATE-TOKEN");
      String authorization = ex.getRequestHeaders().getFirst("Authorization");
      String tokenHeader = token != null ? "PRIVATE-TOKEN" : "";
      if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
        token = authorization.substring("Bearer ".length());
        tokenHeader = "Authorization";
      }
      requests.add(new Request(ex.getRequestMethod(), raw, query, token == null ? "" : token,
          String.valueOf(ex.getRequestHeaders().getFirst("If-None-Match")), tokenHeader));
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      String api = relative + "/api/v4";
      if (raw.equals(relative + "/api/graphql") && ex.getRequestMethod().equals("POST")) {
        if (token != null && !token.isEmpty() && !tokens.contains(token)) {
          json(ex, 401, "{\"message\":\"401 Unauthorized\"}");
          return;
        }
        JsonNode body;
        try {
          body = JSON.readTree(ex.getRequestBody().readAllBytes());
        } catch (RuntimeException e) {
          json(ex, 400, "{\"errors\":[{\"message\":\"Invalid JSON\"}]}");
          return;
        }
        synchronized (this) {
          json(ex, 200, graphql(body, token != null && !token.isEmpty()).toString());
        }
        return;
      }
      if (!raw.startsWith(api + "/")) {
        send(ex, 404, "text/html", "<html>sign in</html>".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (failWith != 0) {
        if (failWith == 429) {
          ex.getResponseHeaders().add("Retry-After", "30");
        }
        json(ex, failWith, "{\"message\":\"failing on purpose\"}");
        return;
      }
      if (rateLimited) {
        ex.getResponseHeaders().add("RateLimit-Remaining", "0");
        json(ex, 403, "{\"message\":\"rate limited\"}");
        return;
      }
      if (token != null && !token.isEmpty() && !tokens.contains(token)) {
        json(ex, 401, "{\"message\":\"401 Unauthorized\"}");
        return;
      }
      boolean authed = token != null && !token.isEmpty();
      List<String> seg = new ArrayList<>();
      for (String s : raw.substring(api.length() + 1).split("/")) {
        seg.add(s);
      }
      Map<String, String> q = query(query);
      try {
        synchronized (this) {
          route(ex, seg, q, authed);
        }
      } catch (RuntimeException e) { // a bug in this fake shows as a 500 naming it
        json(ex, 500, JSON.createObjectNode().put("message", "fake failed: " + e).toString());
      }
    }
  }

  private void route(HttpExchange ex, List<String> seg, Map<String, String> q, boolean authed)
      throws IOException {
    String method = ex.getRequestMethod();
    String first = seg.get(0);
    if (first.equals("projects")) {
      if (seg.size() == 1) {
        paged(ex, q, projects.values().stream().filter(p -> authed || p.visibility.equals("public"))
            .filter(p -> !"false".equals(q.get("archived")) || !p.archived)
            .map(p -> (JsonNode) projectJson(p)).toList());
        return;
      }
      Project p = findProject(decode(seg.get(1)));
      if (p == null || !authed && !p.visibility.equals("public")) {
        json(ex, 404, "{\"message\":\"404 Project Not Found\"}");
        return;
      }
      if (seg.size() == 2) {
        json(ex, 200, projectJson(p).toString());
        return;
      }
    if (seg.size() >= 6 && seg.get(2).equals("jobs") && seg.get(3).equals("artifacts")
        && seg.get(5).equals("raw")) {
      String key = seg.get(4) + "|" + q.getOrDefault("job", "") + "|"
          + String.join("/", seg.subList(6, seg.size()).stream().map(FakeGitlab::decode).toList());
      byte[] content = p.artifacts.get(key);
      if (content == null) {
        json(ex, 404, "{\"message\":\"404 Not found\"}");
        return;
      }
      send(ex, 200, "application/octet-stream", content);
      return;
    }
      if (seg.size() >= 4 && seg.get(2).equals("repository")) {
        repository(ex, p, seg.subList(3, seg.size()), q, method);
        return;
      }
    } else if (first.equals("groups")) {
      if (seg.size() == 1) {
        paged(ex, q, groups.values().stream().filter(g -> authed || g.visibility.equals("public"))
            .map(g -> (JsonNode) groupJson(g)).toList());
        return;
      }
      Group g = findGroup(decode(seg.get(1)));
      if (g == null || !authed && !g.visibility.equals("public")) {
        json(ex, 404, "{\"message\":\"404 Group Not Found\"}");
        return;
      }
      String rest = String.join("/", seg.subList(2, seg.size()));
      switch (rest) {
        case "" -> json(ex, 200, groupJson(g).toString());
        case "projects" -> {
          boolean sub = "true".equals(q.get("include_subgroups"));
          paged(ex, q, projects.values().stream()
              .filter(p -> p.path.startsWith(g.fullPath + "/")
                  && (sub || p.path.lastIndexOf('/') == g.fullPath.length()))
              .filter(p -> !"false".equals(q.get("archived")) || !p.archived)
              .map(p -> (JsonNode) projectJson(p)).toList());
        }
        case "search" -> {
          // blob search: only the filename: filter, on each project's branch
          String search = q.getOrDefault("search", "");
          if (!"blobs".equals(q.get("scope")) || !search.startsWith("filename:")) {
            json(ex, 400, "{\"error\":\"this fake searches blobs by filename: only\"}");
            return;
          }
          String wanted = search.substring("filename:".length());
          String name = wanted.substring(wanted.lastIndexOf('/') + 1);
          List<JsonNode> hits = new ArrayList<>();
          for (Project p : projects.values()) {
            if (!p.path.startsWith(g.fullPath + "/")) {
              continue;
            }
            Commit head = p.commits.get(p.commits.size() - 1);
            for (Map.Entry<String, byte[]> f : head.files().entrySet()) {
              String base = f.getKey().substring(f.getKey().lastIndexOf('/') + 1);
              if (base.equals(name)) {
                ObjectNode h = JSON.createObjectNode();
                h.put("basename", f.getKey().replaceFirst("\\.[^./]*$", ""));
                h.put("data", new String(f.getValue(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
                h.put("path", f.getKey());
                h.put("filename", f.getKey());
                h.putNull("id");
                h.put("ref", p.branch);
                h.put("startline", 1);
                h.put("project_id", p.id);
                hits.add(h);
              }
            }
          }
          paged(ex, q, hits);
        }
        case "descendant_groups" -> paged(ex, q, groups.values().stream()
            .filter(d -> d.fullPath.startsWith(g.fullPath + "/"))
            .map(d -> (JsonNode) groupJson(d)).toList());
        case "members", "members/all" -> {
          Set<String> names = new LinkedHashSet<>(g.members);
          if (rest.equals("members/all")) {
            for (Group a : groups.values()) {
              if (g.fullPath.startsWith(a.fullPath + "/")) {
                names.addAll(a.members);
              }
            }
          }
          paged(ex, q, names.stream().map(n -> (JsonNode) memberJson(users.get(n))).toList());
        }
        default -> json(ex, 404, "{\"message\":\"404 Not Found\"}");
      }
      return;
    } else if (first.equals("users")) {
      if (!authed) {
        json(ex, 403, "{\"message\":\"403 Forbidden\"}");
        return;
      }
      if (seg.size() == 1) {
        paged(ex, q, users.values().stream()
            .filter(u -> !"true".equals(q.get("active")) || u.state.equals("active"))
            .map(u -> (JsonNode) userJson(u)).toList());
        return;
      }
      User u = users.values().stream().filter(x -> String.valueOf(x.id).equals(seg.get(1)))
          .findFirst().orElse(null);
      if (u == null || seg.size() > 2) {
        json(ex, 404, "{\"message\":\"404 User Not Found\"}");
        return;
      }
      json(ex, 200, userJson(u).toString());
      return;
    }
    json(ex, 404, "{\"error\":\"404 Not Found\"}");
  }

  private void repository(HttpExchange ex, Project p, List<String> seg, Map<String, String> q,
      String method) throws IOException {
    String what = seg.get(0);
    if (what.equals("files") && seg.size() >= 2) {
      String file = decode(seg.get(1));
      boolean raw = seg.size() == 3 && seg.get(2).equals("raw");
      Commit c = at(p, q.get("ref"));
      byte[] content = c == null ? null : c.files().get(file);
      if (content == null || seg.size() > 3 || seg.size() == 3 && !raw) {
        json(ex, 404, "{\"message\":\"404 File Not Found\"}");
        return;
      }
      String blob = blobSha(content);
      ex.getResponseHeaders().add("X-Gitlab-Blob-Id", blob);
      ex.getResponseHeaders().add("X-Gitlab-Commit-Id", c.sha());
      ex.getResponseHeaders().add("X-Gitlab-File-Path", file);
      ex.getResponseHeaders().add("X-Gitlab-Size", String.valueOf(content.length));
      if (method.equals("HEAD")) {
        ex.sendResponseHeaders(200, -1);
        return;
      }
      if (raw) {
        String etag = "\"" + blob + "\"";
        ex.getResponseHeaders().add("ETag", etag);
        if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
          ex.sendResponseHeaders(304, -1);
          return;
        }
        send(ex, 200, "text/plain; charset=utf-8", content);
        return;
      }
      ObjectNode f = JSON.createObjectNode();
      f.put("file_name", file.substring(file.lastIndexOf('/') + 1));
      f.put("file_path", file);
      f.put("size", content.length);
      f.put("encoding", "base64");
      f.put("content", Base64.getEncoder().encodeToString(content));
      f.put("ref", q.get("ref"));
      f.put("blob_id", blob);
      f.put("commit_id", c.sha());
      f.put("last_commit_id", lastCommit(p, c, file).sha());
      json(ex, 200, f.toString());
    } else if (what.equals("commits") && seg.size() == 1) {
      Commit head = at(p, q.getOrDefault("ref_name", p.branch));
      if (head == null) {
        json(ex, 404, "{\"message\":\"404 Commit Not Found\"}");
        return;
      }
      String path = q.getOrDefault("path", "");
      List<JsonNode> out = new ArrayList<>();
      int end = p.commits.indexOf(head);
      for (int i = end; i >= 0; i--) {
        Commit c = p.commits.get(i);
        if (path.isEmpty() || c.changed().stream().anyMatch(f -> under(f, path))) {
          ObjectNode n = JSON.createObjectNode();
          n.put("id", c.sha());
          n.put("short_id", c.sha().substring(0, 8));
          n.put("title", "fixture");
          n.put("message", "fixture\n");
          n.put("author_name", "Greenroom");
          n.putArray("parent_ids");
          if (i > 0) {
            ((ArrayNode) n.get("parent_ids")).add(p.commits.get(i - 1).sha());
          }
          out.add(n);
        }
      }
      paged(ex, q, out);
    } else if (what.equals("tree") && seg.size() == 1) {
      Commit c = at(p, q.getOrDefault("ref", p.branch));
      if (c == null) {
        json(ex, 404, "{\"message\":\"404 Tree Not Found\"}");
        return;
      }
      String path = q.getOrDefault("path", "").replaceAll("^/+|/+$", "");
      boolean recursive = "true".equals(q.get("recursive"));
      Map<String, Boolean> entries = new TreeMap<>();
      for (String f : c.files().keySet()) {
        if (!path.isEmpty() && !f.startsWith(path + "/")) {
          continue;
        }
        String rest = path.isEmpty() ? f : f.substring(path.length() + 1);
        String[] parts = rest.split("/");
        String base = path.isEmpty() ? "" : path + "/";
        int depth = recursive ? parts.length : 1;
        for (int i = 0; i < depth; i++) {
          String e = base + String.join("/", java.util.Arrays.copyOf(parts, i + 1));
          entries.put(e, i < parts.length - 1);
        }
      }
      if (!path.isEmpty() && entries.isEmpty()) {
        json(ex, 404, "{\"message\":\"404 Tree Not Found\"}");
        return;
      }
      List<JsonNode> out = new ArrayList<>();
      for (Map.Entry<String, Boolean> e : entries.entrySet()) {
        ObjectNode n = JSON.createObjectNode();
        String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
        n.put("id", e.getValue() ? tree(p, e.getKey(), c.files()) : blobSha(c.files().get(e.getKey())));
        n.put("name", name);
        n.put("type", e.getValue() ? "tree" : "blob");
        n.put("path", e.getKey());
        n.put("mode", e.getValue() ? "040000" : "100644");
        out.add(n);
      }
      paged(ex, q, out);
    } else if ((what.equals("archive") || what.equals("archive.tar.gz")) && seg.size() == 1) {
      Commit c = at(p, q.getOrDefault("sha", p.branch));
      if (c == null) {
        json(ex, 404, "{\"message\":\"404 Not Found\"}");
        return;
      }
      byte[] body = archiveOverride != null ? archiveOverride
          : archive(p, c, q.getOrDefault("path", "").replaceAll("^/+|/+$", ""));
      send(ex, 200, "application/octet-stream", body);
    } else {
      json(ex, 404, "{\"error\":\"404 Not Found\"}");
    }
  }

  /**
   * GitLab's GraphQL API for the two queries Backstage's GitLab client sends, told apart by the
   * connection they ask for: {@code group(fullPath) { groupMembers(first, relations, after) }}
   * (relations {@code DIRECT}, {@code INHERITED}, {@code DESCENDANTS}) and {@code group(fullPath)
   * { descendantGroups(first, after) }}; 100 nodes a page, the cursor is the next index.
   */
  private ObjectNode graphql(JsonNode body, boolean authed) {
    String query = body.path("query").asString("");
    JsonNode vars = body.path("variables");
    ObjectNode out = JSON.createObjectNode();
    ObjectNode data = out.putObject("data");
    Group g = groups.get(vars.path("group").asString(""));
    if (g == null || !authed && !g.visibility.equals("public")) {
      data.putNull("group");
      return out;
    }
    int from = vars.path("endCursor").isNull() || vars.path("endCursor").isMissingNode()
        ? 0 : Integer.parseInt(vars.path("endCursor").asString("0"));
    List<ObjectNode> nodes = new ArrayList<>();
    String connection;
    if (query.contains("groupMembers")) {
      connection = "groupMembers";
      Set<String> relations = new LinkedHashSet<>();
      vars.path("relations").forEach(r -> relations.add(r.asString()));
      if (relations.isEmpty()) {
        relations.add("DIRECT");
      }
      Set<String> names = new LinkedHashSet<>();
      for (Group a : groups.values()) {
        boolean direct = a == g;
        boolean inherited = g.fullPath.startsWith(a.fullPath + "/");
        boolean descendant = a.fullPath.startsWith(g.fullPath + "/");
        if (direct && relations.contains("DIRECT") || inherited && relations.contains("INHERITED")
            || descendant && relations.contains("DESCENDANTS")) {
          names.addAll(a.members);
        }
      }
      for (String n : names) {
        User u = users.get(n);
        ObjectNode user = JSON.createObjectNode();
        user.put("id", "gid://gitlab/User/" + u.id);
        user.put("username", u.username);
        user.put("publicEmail", u.email);
        user.put("name", u.name);
        user.put("state", u.state);
        user.put("webUrl", baseUrl() + "/" + u.username);
        user.put("avatarUrl", baseUrl() + "/uploads/-/system/user/avatar/" + u.id + "/avatar.png");
        ObjectNode node = JSON.createObjectNode();
        node.set("user", user);
        nodes.add(node);
      }
    } else if (query.contains("descendantGroups")) {
      connection = "descendantGroups";
      for (Group d : groups.values()) {
        if (d.fullPath.startsWith(g.fullPath + "/")) {
          ObjectNode node = JSON.createObjectNode();
          node.put("id", "gid://gitlab/Group/" + d.id);
          node.put("name", d.name);
          node.put("description", d.description);
          node.put("fullPath", d.fullPath);
          node.put("visibility", d.visibility);
          node.putObject("parent").put("id", "gid://gitlab/Group/" + d.parentId);
          nodes.add(node);
        }
      }
    } else {
      out.remove("data");
      out.putArray("errors").addObject().put("message", "this fake answers only groupMembers and"
          + " descendantGroups of a group");
      return out;
    }
    int to = Math.min(nodes.size(), from + 100);
    ObjectNode conn = data.putObject("group").putObject(connection);
    ArrayNode page = conn.putArray("nodes");
    nodes.subList(Math.min(from, nodes.size()), to).forEach(page::add);
    ObjectNode info = conn.putObject("pageInfo");
    info.put("hasNextPage", to < nodes.size());
    if (to < nodes.size()) {
      info.put("endCursor", String.valueOf(to));
    } else {
      info.putNull("endCursor");
    }
    return out;
  }

  private static boolean under(String file, String path) {
    String p = path.replaceAll("^/+|/+$", "");
    return file.equals(p) || file.startsWith(p + "/");
  }

  private Commit lastCommit(Project p, Commit head, String file) {
    for (int i = p.commits.indexOf(head); i >= 0; i--) {
      if (p.commits.get(i).changed().contains(file)) {
        return p.commits.get(i);
      }
    }
    return head;
  }

  /** The commit a ref names: the branch's head or any commit's sha. */
  private static Commit at(Project p, String ref) {
    if (ref == null || ref.equals(p.branch)) {
      return p.commits.get(p.commits.size() - 1);
    }
    for (Commit c : p.commits) {
      if (c.sha().equals(ref)) {
        return c;
      }
    }
    return null;
  }

  private byte[] archive(Project p, Commit c, String path) {
    String top = p.name + "-" + c.sha() + (path.isEmpty() ? "" : "-" + path.replace('/', '-')) + "/";
    Map<String, byte[]> files = new LinkedHashMap<>();
    c.files().forEach((name, content) -> {
      if (path.isEmpty() || name.startsWith(path + "/")) {
        files.put(name, content);
      }
    });
    return new Tar().files(top, files).finish();
  }

  private Project findProject(String idOrPath) {
    for (Project p : projects.values()) {
      if (String.valueOf(p.id).equals(idOrPath) || p.path.equals(idOrPath)) {
        return p;
      }
    }
    return null;
  }

  private Group findGroup(String idOrPath) {
    for (Group g : groups.values()) {
      if (String.valueOf(g.id).equals(idOrPath) || g.fullPath.equals(idOrPath)) {
        return g;
      }
    }
    return null;
  }

  private ObjectNode projectJson(Project p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", p.id);
    n.put("name", p.name);
    n.put("path", p.name);
    n.put("path_with_namespace", p.path);
    n.put("name_with_namespace", p.path.replace("/", " / "));
    if (p.showDefaultBranch) {
      n.put("default_branch", p.branch);
    }
    n.put("web_url", baseUrl() + "/" + p.path);
    n.put("http_url_to_repo", baseUrl() + "/" + p.path + ".git");
    n.put("archived", p.archived);
    n.put("visibility", p.visibility);
    if (p.forkedFrom != null) {
      Project up = projects.get(p.forkedFrom);
      ObjectNode f = n.putObject("forked_from_project");
      f.put("id", up == null ? 0 : up.id);
      f.put("path_with_namespace", p.forkedFrom);
    }
    ObjectNode ns = n.putObject("namespace");
    Group g = groups.get(p.path.substring(0, p.path.lastIndexOf('/')));
    ns.put("id", g.id);
    ns.put("full_path", g.fullPath);
    ns.put("kind", "group");
    return n;
  }

  private ObjectNode groupJson(Group g) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", g.id);
    n.put("name", g.name);
    n.put("path", g.fullPath.substring(g.fullPath.lastIndexOf('/') + 1));
    n.put("full_path", g.fullPath);
    n.put("full_name", g.fullPath.replace("/", " / "));
    n.put("description", g.description);
    n.put("visibility", g.visibility);
    n.put("web_url", baseUrl() + "/groups/" + g.fullPath);
    if (g.parentId == null) {
      n.putNull("parent_id");
    } else {
      n.put("parent_id", g.parentId);
    }
    return n;
  }

  private ObjectNode userJson(User u) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", u.id);
    n.put("username", u.username);
    n.put("name", u.name);
    n.put("state", u.state);
    n.put("email", u.email);
    n.put("public_email", u.email);
    n.put("avatar_url", baseUrl() + "/uploads/-/system/user/avatar/" + u.id + "/avatar.png");
    n.put("web_url", baseUrl() + "/" + u.username);
    n.put("bot", false);
    return n;
  }

  private ObjectNode memberJson(User u) {
    ObjectNode n = userJson(u);
    n.remove("email");
    n.put("access_level", 30);
    n.put("is_using_seat", true);
    return n;
  }

  private static void paged(HttpExchange ex, Map<String, String> q, List<JsonNode> all)
      throws IOException {
    int perPage = Math.max(1, Math.min(100, Integer.parseInt(q.getOrDefault("per_page", "20"))));
    int page = Math.max(1, Integer.parseInt(q.getOrDefault("page", "1")));
    int from = Math.min(all.size(), (page - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    ArrayNode out = JSON.createArrayNode();
    all.subList(from, to).forEach(out::add);
    int pages = Math.max(1, (all.size() + perPage - 1) / perPage);
    ex.getResponseHeaders().add("x-page", String.valueOf(page));
    ex.getResponseHeaders().add("x-per-page", String.valueOf(perPage));
    ex.getResponseHeaders().add("x-total", String.valueOf(all.size()));
    ex.getResponseHeaders().add("x-total-pages", String.valueOf(pages));
    ex.getResponseHeaders().add("x-next-page", page < pages ? String.valueOf(page + 1) : "");
    json(ex, 200, out.toString());
  }

  private static Map<String, String> query(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : q.split("&")) {
      if (kv.isEmpty()) {
        continue;
      }
      int eq = kv.indexOf('=');
      out.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }
}
