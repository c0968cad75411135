package dev.greenroom.integrations.github;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
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
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local GitHub (Enterprise), written from GitHub's public REST and GraphQL references, serving
 * real files as repositories on branch {@code main}: blob, tree and commit shas are computed as git
 * computes them. The REST API lives under {@code /api/v3} and GraphQL at {@code /api/graphql}
 * (GitHub Enterprise's layout, where octokit sends GraphQL for an {@code apiBaseUrl} ending in
 * {@code /api/v3}); tarballs redirect to a second server ("codeload", another origin), as
 * github.com does.
 *
 * <p>REST: {@code GET /repos/{o}/{r}}, {@code /commits/{ref}/status}, {@code
 * /contents/{path}?ref=} (raw media type, ETag, 304), {@code /git/trees/{sha}?recursive=true},
 * {@code /git/blobs/{sha}}, {@code /tarball/{ref}}, {@code GET /search/code}; GitHub Apps: {@code GET /app/installations} and
 * {@code POST /app/installations/{id}/access_tokens} (the App JWT's RS256 signature checked with
 * the App's public key). Every request's Authorization is checked: a known token or installation
 * token, or none for a public repository; a wrong one answers 401.
 *
 * <p>GraphQL: the queries Backstage's GitHub providers send, recognised by operation name and
 * answered from their variables ({@code repositories} and {@code repository} of a {@code
 * repositoryOwner} with {@code object(expression: "HEAD:path")}; {@code users} from {@code
 * organization.membersWithRole}; {@code teams} with members, also filtered by {@code userLogins}
 * or one {@code team(slug:)}; {@code members} of a team), with GitHub's cursor paging. GraphQL
 * always needs a valid token.
 *
 * <p>The constructor with a folder makes one repository {@code acme/catalog}; {@link #repo} adds
 * more, {@link #member} and {@link #team} fill organisations.
 */
public final class FakeGithub implements AutoCloseable {
  public static final String OWNER = "acme";
  public static final String REPO = "catalog";
  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  /** One logged request. */
  public record Request(String method, String path, String query, String authorization,
      String accept, String ifNoneMatch) {}

  /** One repository: its files on {@code main} and its GraphQL fields. */
  public static final class Repo {
    final String owner;
    final String name;
    final Map<String, byte[]> files = new TreeMap<>();
    final Map<String, String> symlinks = new TreeMap<>();
    final Map<String, GitObject> objects = new LinkedHashMap<>();
    volatile boolean archived;
    volatile boolean fork;
    volatile String visibility = "PRIVATE";
    volatile List<String> topics = List.of();
    String commitSha;
    String treeSha;

    Repo(String owner, String name, Map<String, byte[]> files) {
      this.owner = owner;
      this.name = name;
      this.files.putAll(files);
      build();
    }

    public String owner() {
      return owner;
    }

    public String name() {
      return name;
    }

    public synchronized String commitSha() {
      return commitSha;
    }

    public Repo archived(boolean on) {
      archived = on;
      return this;
    }

    public Repo fork(boolean on) {
      fork = on;
      return this;
    }

    /** {@code PUBLIC}, {@code PRIVATE} or {@code INTERNAL}; public repositories need no token. */
    public Repo visibility(String v) {
      visibility = v;
      return this;
    }

    public Repo topics(String... t) {
      topics = List.of(t);
      return this;
    }

    /** Adds or replaces a file (a new commit). */
    public synchronized Repo put(String path, String content) {
      files.put(path, content.getBytes(StandardCharsets.UTF_8));
      build();
      return this;
    }

    /** Removes a file (a new commit). */
    public synchronized Repo remove(String path) {
      files.remove(path);
      build();
      return this;
    }

    boolean isPublic() {
      return visibility.equals("PUBLIC");
    }

    synchronized void build() {
      objects.clear();
      Map<String, byte[]> all = new TreeMap<>(files);
      symlinks.forEach((p, t) -> all.put(p, t.getBytes(StandardCharsets.UTF_8)));
      treeSha = tree("", all);
      String commit = "tree " + treeSha + "\n"
          + "author Greenroom <dev@greenroom.dev> 1700000000 +0000\n"
          + "committer Greenroom <dev@greenroom.dev> 1700000000 +0000\n\nfixture\n";
      commitSha = put("commit", commit.getBytes(StandardCharsets.UTF_8));
    }

    private String tree(String dir, Map<String, byte[]> all) {
      Map<String, Boolean> children = new TreeMap<>();
      String prefix = dir.isEmpty() ? "" : dir + "/";
      for (String p : all.keySet()) {
        if (!p.startsWith(prefix)) {
          continue;
        }
        String rest = p.substring(prefix.length());
        int slash = rest.indexOf('/');
        children.put(slash < 0 ? rest : rest.substring(0, slash), slash >= 0);
      }
      List<String> names = new ArrayList<>(children.keySet());
      names.sort((a, b) -> (children.get(a) ? a + "/" : a).compareTo(children.get(b) ? b + "/" : b));
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (String n : names) {
        String path = prefix + n;
        String mode;
        String sha;
        if (children.get(n)) {
          mode = "40000";
          sha = tree(path, all);
        } else {
          mode = symlinks.containsKey(path) ? "120000" : "100644";
          sha = put("blob", all.get(path));
        }
        body.writeBytes((mode + " " + n).getBytes(StandardCharsets.UTF_8));
        body.write(0);
        body.writeBytes(HexFormat.of().parseHex(sha));
      }
      return put("tree", body.toByteArray());
    }

    private String put(String type, byte[] body) {
      byte[] header = (type + " " + body.length + "\0").getBytes(StandardCharsets.UTF_8);
      try {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(header);
        sha1.update(body);
        String sha = HexFormat.of().formatHex(sha1.digest());
        objects.put(sha, new GitObject(type, body));
        return sha;
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** An organisation member. */
  public record Member(String login, String name, String email, String avatarUrl, String bio) {}

  /** A team; {@code parent} is the parent team's slug or null; members are logins. */
  public record Team(String slug, String name, String description, String parent,
      List<String> members) {}

  private final HttpServer api;
  private final HttpServer codeload;
  private final Map<String, Repo> repos = new ConcurrentHashMap<>(); // "owner/name" lower case
  private final Map<String, List<Member>> members = new ConcurrentHashMap<>();
  private final Map<String, List<Team>> teams = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> codeloadAuthorizations = new CopyOnWriteArrayList<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> installationTokens = new ConcurrentHashMap<>();
  private final AtomicInteger tokenCounter = new AtomicInteger();
  private final AtomicInteger accessTokenCalls = new AtomicInteger();
  private volatile boolean rateLimited;
  private volatile byte[] tarballOverride;
  private volatile int failWith;
  private volatile boolean codeSearchIndexed = true;

  // GitHub App
  private volatile long appId = -1;
  private volatile RSAPublicKey appKey;
  private volatile String installationOwner = OWNER;
  private volatile Duration tokenLifetime = Duration.ofHours(1);
  private volatile Clock clock = Clock.systemUTC();

  record GitObject(String type, byte[] body) {}

  /** A GitHub with one repository, {@code acme/catalog}, holding the files of {@code folder}. */
  public FakeGithub(Path folder) throws IOException {
    this();
    repo(OWNER, REPO, folder);
  }

  /** A GitHub without repositories. */
  public FakeGithub() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    api = HttpServer.create(new InetSocketAddress(lo, 0), 0);
    api.createContext("/", this::handleApi);
    api.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    api.start();
    codeload = HttpServer.create(new InetSocketAddress(lo, 0), 0);
    codeload.createContext("/", this::handleCodeload);
    codeload.start();
  }

  /** Adds (or replaces) a repository with the files of {@code folder}. */
  public Repo repo(String owner, String name, Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return repo(owner, name, files);
  }

  /** Adds (or replaces) a repository with these files (path to content). */
  public Repo repo(String owner, String name, Map<String, byte[]> files) {
    Repo r = new Repo(owner, name, files);
    repos.put(key(owner, name), r);
    return r;
  }

  /** A repository, or null. */
  public Repo repo(String owner, String name) {
    return repos.get(key(owner, name));
  }

  /** Deletes a repository. */
  public FakeGithub deleteRepo(String owner, String name) {
    repos.remove(key(owner, name));
    return this;
  }

  /** Renames a repository, keeping its files. */
  public Repo renameRepo(String owner, String from, String to) {
    Repo old = repos.remove(key(owner, from));
    Repo r = new Repo(owner, to, old.files).archived(old.archived).fork(old.fork)
        .visibility(old.visibility);
    r.topics = old.topics;
    repos.put(key(owner, to), r);
    return r;
  }

  /** Adds a member to an organisation. */
  public FakeGithub member(String org, String login, String name, String email, String avatarUrl,
      String bio) {
    members.computeIfAbsent(org.toLowerCase(java.util.Locale.ROOT), k -> new CopyOnWriteArrayList<>())
        .add(new Member(login, name, email, avatarUrl, bio));
    return this;
  }

  /** Adds a team to an organisation. */
  public FakeGithub team(String org, String slug, String name, String description, String parent,
      String... memberLogins) {
    teams.computeIfAbsent(org.toLowerCase(java.util.Locale.ROOT), k -> new CopyOnWriteArrayList<>())
        .add(new Team(slug, name, description, parent, List.of(memberLogins)));
    return this;
  }

  private static String key(String owner, String name) {
    return (owner + "/" + name).toLowerCase(java.util.Locale.ROOT);
  }

  private Repo main() {
    return repos.get(key(OWNER, REPO));
  }

  /** Adds a symbolic link to {@code acme/catalog} (its target is the blob's content, as in git). */
  public FakeGithub symlink(String path, String target) {
    Repo r = main();
    synchronized (r) {
      r.symlinks.put(path, target);
      r.build();
    }
    return this;
  }

  /** {@code acme/catalog} readable without a token. */
  public FakeGithub publicRepo() {
    main().visibility("PUBLIC");
    return this;
  }

  public FakeGithub token(String token) {
    tokens.add(token);
    return this;
  }

  /** Answers every API request with this status (429 with retry-after: 30), or 0 for normal. */
  public FakeGithub failWith(int status) {
    failWith = status;
    return this;
  }

  /** Whether code search finds the repositories' files (GitHub indexes only some repositories). */
  public FakeGithub codeSearchIndexed(boolean on) {
    codeSearchIndexed = on;
    return this;
  }

  public FakeGithub rateLimited(boolean on) {
    rateLimited = on;
    return this;
  }

  /** Serves these bytes as the tarball instead of the repository's. */
  public FakeGithub tarball(byte[] tarGz) {
    tarballOverride = tarGz;
    return this;
  }

  public FakeGithub app(long id, RSAPublicKey key, String owner, Duration lifetime, Clock clock) {
    this.appId = id;
    this.appKey = key;
    this.installationOwner = owner;
    this.tokenLifetime = lifetime;
    this.clock = clock;
    return this;
  }

  /** The host the web URLs use, {@code 127.0.0.1:port}. */
  public String host() {
    return "127.0.0.1:" + api.getAddress().getPort();
  }

  public String apiBaseUrl() {
    return "http://" + host() + "/api/v3";
  }

  /** A web URL of {@code acme/catalog}. */
  public String webUrl(String rest) {
    return "http://" + host() + "/" + OWNER + "/" + REPO + "/" + rest;
  }

  /** The commit of {@code acme/catalog}. */
  public String commitSha() {
    return main().commitSha();
  }

  /** The API requests so far. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The API requests so far as {@code path?query} (just the path without a query). */
  public List<String> requestLines() {
    return requests.stream()
        .map(r -> r.path() + (r.query().isEmpty() ? "" : "?" + r.query())).toList();
  }

  /** The Authorization headers of the API requests so far ("" for none). */
  public List<String> authorizations() {
    return requests.stream().map(Request::authorization).toList();
  }

  public List<String> codeloadAuthorizations() {
    return List.copyOf(codeloadAuthorizations);
  }

  public int accessTokenCalls() {
    return accessTokenCalls.get();
  }

  public Set<String> issuedTokens() {
    return Collections.unmodifiableSet(installationTokens.keySet());
  }

  public void clearLog() {
    requests.clear();
    codeloadAuthorizations.clear();
  }

  @Override
  public void close() {
    api.stop(0);
    codeload.stop(0);
    ((java.util.concurrent.ExecutorService) api.getExecutor()).shutdownNow();
  }

  public static String blobSha(byte[] content) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8));
      sha1.update(content);
      return HexFormat.of().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- HTTP

  private static final Pattern REPO_PATH = Pattern.compile("^/api/v3/repos/([^/]+)/([^/]+)(/.*)?$");

  private void handleApi(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      String path = uri.getRawPath();
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(ex.getRequestMethod(), path, query, auth == null ? "" : auth,
          String.valueOf(ex.getRequestHeaders().getFirst("Accept")),
          String.valueOf(ex.getRequestHeaders().getFirst("If-None-Match"))));
      if (failWith != 0) {
        if (failWith == 429) {
          ex.getResponseHeaders().add("retry-after", "30");
        }
        json(ex, failWith, "{\"message\":\"failing on purpose\"}");
        return;
      }
      if (rateLimited) {
        ex.getResponseHeaders().add("x-ratelimit-remaining", "0");
        ex.getResponseHeaders().add("x-ratelimit-reset",
            Long.toString(clock.instant().getEpochSecond() + 600));
        json(ex, 403, "{\"message\":\"API rate limit exceeded\"}");
        return;
      }
      if (path.startsWith("/raw/")) {
        // GitHub Enterprise's raw files: /raw/{owner}/{repo}/{ref}/{path}, public repositories only
        String[] seg = path.substring(5).split("/", 4);
        Repo r = seg.length == 4 ? repos.get(key(decode(seg[0]), decode(seg[1]))) : null;
        byte[] content = r != null && seg[2].equals("main") ? r.files.get(decode(seg[3])) : null;
        if (content == null || !r.isPublic()) {
          send(ex, 404, "text/plain", "404: Not Found".getBytes(StandardCharsets.UTF_8));
          return;
        }
        send(ex, 200, "text/plain; charset=utf-8", content);
        return;
      }
      if (path.startsWith("/api/v3/app/")) {
        handleApp(ex, path);
        return;
      }
      if (auth != null && !validToken(auth)) {
        json(ex, 401, "{\"message\":\"Bad credentials\"}");
        return;
      }
      if (path.equals("/api/graphql")) {
        if (auth == null) {
          json(ex, 401, "{\"message\":\"This endpoint requires you to be authenticated.\"}");
          return;
        }
        handleGraphql(ex, auth);
        return;
      }
      if (path.equals("/api/v3/search/code")) {
        searchCode(ex, auth, query(query).getOrDefault("q", ""));
        return;
      }
      Matcher m = REPO_PATH.matcher(path);
      Repo repo = m.matches() ? repos.get(key(decode(m.group(1)), decode(m.group(2)))) : null;
      if (repo == null || auth == null && !repo.isPublic()) {
        json(ex, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      synchronized (repo) {
        repoApi(ex, repo, m.group(3) == null ? "" : m.group(3), query(query));
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  /**
   * {@code GET /search/code}: code search needs a token; {@code filename:}, {@code extension:} and
   * {@code repo:} qualifiers; the default branch's files only.
   */
  private void searchCode(HttpExchange ex, String auth, String q) throws IOException {
    if (auth == null) {
      json(ex, 401, "{\"message\":\"Requires authentication\"}");
      return;
    }
    String filename = null;
    String extension = null;
    String repoName = null;
    for (String term : q.trim().split("\\s+")) {
      if (term.startsWith("filename:")) {
        filename = term.substring(9);
      } else if (term.startsWith("extension:")) {
        extension = term.substring(10);
      } else if (term.startsWith("repo:")) {
        repoName = term.substring(5);
      }
    }
    int slash = repoName == null ? -1 : repoName.indexOf('/');
    if (slash < 0) {
      json(ex, 422, "{\"message\":\"Validation Failed\"}");
      return;
    }
    Repo repo = repos.get(key(repoName.substring(0, slash), repoName.substring(slash + 1)));
    StringBuilder items = new StringBuilder();
    int count = 0;
    if (codeSearchIndexed && repo != null) {
      synchronized (repo) {
        for (Map.Entry<String, byte[]> f : repo.files.entrySet()) {
          String name = f.getKey().substring(f.getKey().lastIndexOf('/') + 1);
          if (filename != null && !name.equals(filename)
              || extension != null && !name.endsWith("." + extension)) {
            continue;
          }
          if (count++ > 0) {
            items.append(',');
          }
          items.append("{\"name\":\"").append(name).append("\",\"path\":\"").append(f.getKey())
              .append("\",\"sha\":\"").append(blobSha(f.getValue())).append("\",\"score\":1,")
              .append("\"repository\":{\"full_name\":\"").append(repo.owner).append('/')
              .append(repo.name).append("\"}}");
        }
      }
    }
    json(ex, 200, "{\"total_count\":" + count + ",\"incomplete_results\":false,\"items\":[" + items + "]}");
  }

  private void repoApi(HttpExchange ex, Repo repo, String rest, Map<String, String> q)
      throws IOException {
    String owner = repo.owner;
    String name = repo.name;
    String commitSha = repo.commitSha;
    String base = apiBaseUrl() + "/repos/" + owner + "/" + name;
    if (rest.isEmpty()) {
      json(ex, 200, "{\"name\":\"" + name + "\",\"full_name\":\"" + owner + "/" + name
          + "\",\"default_branch\":\"main\",\"private\":" + !repo.isPublic() + "}");
    } else if (rest.matches("^/commits/[^/]+/status$")) {
      String ref = decode(rest.split("/")[2]);
      if (!ref.equals("main") && !ref.equals(commitSha)) {
        json(ex, 404, "{\"message\":\"No commit found for SHA: " + ref + "\"}");
        return;
      }
      json(ex, 200, "{\"state\":\"pending\",\"sha\":\"" + commitSha + "\",\"total_count\":0,"
          + "\"statuses\":[],\"repository\":{\"full_name\":\"" + owner + "/" + name + "\","
          + "\"archive_url\":\"" + base + "/{archive_format}{/ref}\",\"trees_url\":\"" + base
          + "/git/trees{/sha}\"}}");
    } else if (rest.startsWith("/contents/")) {
      String file = decode(rest.substring("/contents/".length()));
      String ref = q.getOrDefault("ref", "main");
      byte[] content = repo.files.get(file);
      if (content == null || !(ref.equals("main") || ref.equals(commitSha))) {
        json(ex, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      String etag = "\"" + blobSha(content) + "\"";
      ex.getResponseHeaders().add("ETag", etag);
      if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        ex.sendResponseHeaders(304, -1);
        return;
      }
      if (!"application/vnd.github.v3.raw".equals(ex.getRequestHeaders().getFirst("Accept"))) {
        json(ex, 415, "{\"message\":\"this fake serves only the raw media type\"}");
        return;
      }
      send(ex, 200, "application/vnd.github.v3.raw", content);
    } else if (rest.startsWith("/git/trees/")) {
      String sha = rest.substring("/git/trees/".length());
      if (sha.equals("main") || sha.equals(commitSha)) {
        sha = repo.treeSha; // a commit or branch names its tree, as on GitHub
      }
      GitObject t = repo.objects.get(sha);
      if (t == null || !t.type().equals("tree")) {
        json(ex, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      StringBuilder items = new StringBuilder();
      listTree(repo, sha, "", "true".equals(q.get("recursive")) || "1".equals(q.get("recursive")),
          items);
      json(ex, 200, "{\"sha\":\"" + sha + "\",\"url\":\"" + base + "/git/trees/" + sha
          + "\",\"tree\":[" + items + "],\"truncated\":false}");
    } else if (rest.startsWith("/git/blobs/")) {
      String sha = rest.substring("/git/blobs/".length());
      GitObject b = repo.objects.get(sha);
      if (b == null || !b.type().equals("blob")) {
        json(ex, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      String content = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.UTF_8))
          .encodeToString(b.body()).replace("\n", "\\n");
      json(ex, 200, "{\"sha\":\"" + sha + "\",\"node_id\":\"x\",\"size\":" + b.body().length
          + ",\"url\":\"" + base + "/git/blobs/" + sha
          + "\",\"content\":\"" + content + "\\n\",\"encoding\":\"base64\"}");
    } else if (rest.startsWith("/tarball/")) {
      String ref = decode(rest.substring("/tarball/".length()));
      if (!ref.equals("main") && !ref.equals(commitSha)) {
        json(ex, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + codeload.getAddress().getPort()
          + "/" + owner + "/" + name + "/legacy.tar.gz/" + commitSha);
      ex.sendResponseHeaders(302, -1);
    } else {
      json(ex, 404, "{\"message\":\"Not Found\"}");
    }
  }

  // ---- GraphQL

  private static final Pattern OPERATION = Pattern.compile("^\\s*query\\s+(\\w+)");

  private void handleGraphql(HttpExchange ex, String auth) throws IOException {
    tools.jackson.databind.JsonNode body;
    try {
      body = JSON.readTree(ex.getRequestBody().readAllBytes());
    } catch (RuntimeException e) {
      json(ex, 400, "{\"message\":\"Problems parsing JSON\"}");
      return;
    }
    String query = body.path("query").asString("");
    tools.jackson.databind.JsonNode vars = body.path("variables");
    Matcher op = OPERATION.matcher(query);
    tools.jackson.databind.node.ObjectNode data = JSON.createObjectNode();
    String org = vars.path("org").asString("");
    String orgKey = org.toLowerCase(java.util.Locale.ROOT);
    if (!op.find()) {
      json(ex, 200, "{\"errors\":[{\"message\":\"this fake answers only named queries\"}]}");
      return;
    }
    switch (op.group(1)) {
      case "repositories" -> {
        List<Repo> owned = repos.values().stream()
            .filter(r -> r.owner.equalsIgnoreCase(org))
            .sorted(java.util.Comparator.comparing(r -> r.name.toLowerCase(java.util.Locale.ROOT)))
            .toList();
        if (owned.isEmpty() && !members.containsKey(orgKey)) {
          data.putNull("repositoryOwner");
          break;
        }
        tools.jackson.databind.node.ObjectNode owner = data.putObject("repositoryOwner");
        owner.put("login", org);
        page(owner.putObject("repositories"), owned, vars, "repositoriesPageSize",
            r -> repoNode(r, vars.path("catalogPathRef").asString("")));
      }
      case "repository" -> {
        Repo r = repos.get(key(org, vars.path("repoName").asString("")));
        tools.jackson.databind.node.ObjectNode owner = data.putObject("repositoryOwner");
        if (r == null) {
          owner.putNull("repository");
        } else {
          owner.set("repository", repoNode(r, vars.path("catalogPathRef").asString("")));
        }
      }
      case "users" -> {
        if (!members.containsKey(orgKey)) {
          data.putNull("organization");
          break;
        }
        boolean email = vars.path("email").asBoolean(false);
        page(data.putObject("organization").putObject("membersWithRole"), members.get(orgKey),
            vars, "organizationMembersPageSize", mb -> userNode(mb, email, true));
      }
      case "teams", "members" -> {
        if (!teams.containsKey(orgKey) && !members.containsKey(orgKey)) {
          data.putNull("organization");
          break;
        }
        List<Team> all = teams.getOrDefault(orgKey, List.of());
        tools.jackson.databind.node.ObjectNode orgNode = data.putObject("organization");
        if (vars.has("teamSlug")) {
          Team t = all.stream().filter(x -> x.slug().equals(vars.path("teamSlug").asString("")))
              .findFirst().orElse(null);
          if (t == null) {
            orgNode.putNull("team");
          } else if (op.group(1).equals("members")) {
            page(orgNode.putObject("team").putObject("members"), memberList(orgKey, t), vars,
                "membersPageSize", mb -> userNode(mb, true, false));
          } else {
            orgNode.set("team", teamNode(org, t, vars, query));
          }
          break;
        }
        List<Team> selected = all;
        if (vars.path("userLogins").isArray()) {
          Set<String> logins = new java.util.HashSet<>();
          vars.path("userLogins").forEach(l -> logins.add(l.asString()));
          selected = all.stream().filter(t -> t.members().stream().anyMatch(logins::contains))
              .toList();
        }
        page(orgNode.putObject("teams"), selected, vars, "teamsPageSize",
            t -> teamNode(org, t, vars, query));
      }
      default -> {
        json(ex, 200, "{\"errors\":[{\"message\":\"this fake does not answer query "
            + op.group(1) + "\"}]}");
        return;
      }
    }
    tools.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
    out.set("data", data);
    json(ex, 200, JSON.writeValueAsString(out));
  }

  private <T> void page(tools.jackson.databind.node.ObjectNode conn, List<T> all,
      tools.jackson.databind.JsonNode vars, String sizeVar,
      java.util.function.Function<T, tools.jackson.databind.JsonNode> node) {
    int size = Math.max(1, Math.min(100, vars.path(sizeVar).asInt(25)));
    String cursor = vars.path("cursor").isString() ? vars.path("cursor").asString() : null;
    int from = 0;
    if (cursor != null) {
      from = Integer.parseInt(new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8)
          .substring("cursor:".length()));
    }
    int to = Math.min(all.size(), from + size);
    tools.jackson.databind.node.ArrayNode nodes = conn.putArray("nodes");
    for (int i = from; i < to; i++) {
      nodes.add(node.apply(all.get(i)));
    }
    tools.jackson.databind.node.ObjectNode info = conn.putObject("pageInfo");
    info.put("hasNextPage", to < all.size());
    if (to > from) {
      info.put("endCursor", Base64.getEncoder().encodeToString(
          ("cursor:" + to).getBytes(StandardCharsets.UTF_8)));
    } else {
      info.putNull("endCursor");
    }
  }

  private tools.jackson.databind.JsonNode repoNode(Repo r, String catalogPathRef) {
    tools.jackson.databind.node.ObjectNode n = JSON.createObjectNode();
    synchronized (r) {
      n.put("name", r.name);
      int colon = catalogPathRef.indexOf(':');
      String ref = colon < 0 ? "HEAD" : catalogPathRef.substring(0, colon);
      String file = colon < 0 ? catalogPathRef : catalogPathRef.substring(colon + 1);
      byte[] content = ref.equals("HEAD") || ref.equals("main") ? r.files.get(file) : null;
      if (content == null) {
        n.putNull("catalogInfoFile");
      } else {
        tools.jackson.databind.node.ObjectNode blob = n.putObject("catalogInfoFile");
        blob.put("__typename", "Blob");
        blob.put("id", "B_" + blobSha(content));
        blob.put("text", new String(content, StandardCharsets.UTF_8));
      }
      n.put("url", "https://" + host() + "/" + r.owner + "/" + r.name);
      n.put("isArchived", r.archived);
      n.put("isFork", r.fork);
      n.put("visibility", r.visibility);
      tools.jackson.databind.node.ArrayNode topics = n.putObject("repositoryTopics").putArray("nodes");
      for (String t : r.topics) {
        topics.addObject().putObject("topic").put("name", t);
      }
      n.putObject("defaultBranchRef").put("name", "main");
    }
    return n;
  }

  private tools.jackson.databind.JsonNode userNode(Member m, boolean email, boolean full) {
    tools.jackson.databind.node.ObjectNode n = JSON.createObjectNode();
    n.put("avatarUrl", m.avatarUrl());
    n.put("bio", m.bio());
    if (email) {
      n.put("email", m.email() == null ? "" : m.email());
    }
    n.put("id", "U_" + m.login());
    n.put("login", m.login());
    n.put("name", m.name());
    n.putArray("organizationVerifiedDomainEmails");
    if (!full) {
      tools.jackson.databind.node.ObjectNode only = JSON.createObjectNode();
      only.put("login", m.login());
      return only;
    }
    return n;
  }

  private List<Member> memberList(String orgKey, Team t) {
    List<Member> all = members.getOrDefault(orgKey, List.of());
    List<Member> out = new ArrayList<>();
    for (String login : t.members()) {
      all.stream().filter(m -> m.login().equals(login)).findFirst()
          .ifPresentOrElse(out::add, () -> out.add(new Member(login, null, null, null, null)));
    }
    return out;
  }

  private tools.jackson.databind.JsonNode teamNode(String org, Team t,
      tools.jackson.databind.JsonNode vars, String query) {
    String orgKey = org.toLowerCase(java.util.Locale.ROOT);
    tools.jackson.databind.node.ObjectNode n = JSON.createObjectNode();
    n.put("slug", t.slug());
    n.put("combinedSlug", orgKey + "/" + t.slug());
    n.put("name", t.name());
    n.put("description", t.description());
    n.put("avatarUrl", "https://" + host() + "/avatars/t/" + t.slug());
    n.put("editTeamUrl", "https://" + host() + "/orgs/" + orgKey + "/teams/" + t.slug() + "/edit");
    if (t.parent() == null) {
      n.putNull("parentTeam");
    } else {
      n.putObject("parentTeam").put("slug", t.parent());
    }
    if (query.contains("members(")) {
      List<Member> list = memberList(orgKey, t);
      int size = Math.max(1, Math.min(100, vars.path("membersPageSize").asInt(50)));
      tools.jackson.databind.node.ObjectNode conn = n.putObject("members");
      conn.putObject("pageInfo").put("hasNextPage", list.size() > size);
      tools.jackson.databind.node.ArrayNode nodes = conn.putArray("nodes");
      for (Member m : list.subList(0, Math.min(size, list.size()))) {
        // team members carry the user's public email only
        nodes.add(userNode(m, true, true));
      }
    }
    return n;
  }

  private void listTree(Repo repo, String sha, String prefix, boolean recursive, StringBuilder out) {
    byte[] body = repo.objects.get(sha).body();
    int i = 0;
    while (i < body.length) {
      int sp = indexOf(body, (byte) ' ', i);
      int nul = indexOf(body, (byte) 0, sp);
      String mode = new String(body, i, sp - i, StandardCharsets.UTF_8);
      String name = new String(body, sp + 1, nul - sp - 1, StandardCharsets.UTF_8);
      String child = HexFormat.of().formatHex(body, nul + 1, nul + 21);
      i = nul + 21;
      String path = prefix + name;
      boolean dir = mode.equals("40000");
      if (out.length() > 0) {
        out.append(',');
      }
      out.append("{\"path\":\"").append(path).append("\",\"mode\":\"")
          .append(dir ? "040000" : mode).append("\",\"type\":\"").append(dir ? "tree" : "blob")
          .append("\",\"sha\":\"").append(child).append('"');
      if (!dir) {
        out.append(",\"size\":").append(repo.objects.get(child).body().length);
      }
      out.append(",\"url\":\"").append(apiBaseUrl()).append("/repos/").append(repo.owner).append('/')
          .append(repo.name).append(dir ? "/git/trees/" : "/git/blobs/").append(child).append("\"}");
      if (dir && recursive) {
        listTree(repo, child, path + "/", true, out);
      }
    }
  }

  private static int indexOf(byte[] b, byte v, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private boolean validToken(String auth) {
    String token = auth.replaceFirst("^(?i)(bearer|token) ", "");
    if (tokens.contains(token)) {
      return true;
    }
    Instant expires = installationTokens.get(token);
    return expires != null && clock.instant().isBefore(expires);
  }

  private void handleApp(HttpExchange ex, String path) throws IOException {
    String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
    // the scheme is case-insensitive (octokit sends "bearer")
    if (appKey == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      json(ex, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
      return;
    }
    try {
      SignedJWT jwt = SignedJWT.parse(auth.substring(7));
      // the claims as JSON: GitHub takes the App id as a number (octokit) or a string
      Map<String, Object> claims = jwt.getPayload().toJSONObject();
      Instant exp = claims.get("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue())
          : Instant.MIN;
      if (!jwt.getHeader().getAlgorithm().getName().equals("RS256")
          || !jwt.verify(new RSASSAVerifier(appKey))
          || !String.valueOf(appId).equals(String.valueOf(claims.get("iss")))
          || exp.isBefore(clock.instant())
          || exp.isAfter(clock.instant().plus(Duration.ofMinutes(10)))) {
        json(ex, 401, "{\"message\":\"'Expiration time' claim ('exp') is too far in the future\"}");
        return;
      }
    } catch (Exception e) {
      json(ex, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
      return;
    }
    if (ex.getRequestMethod().equals("GET") && path.equals("/api/v3/app/installations")) {
      json(ex, 200, "[{\"id\":7,\"account\":{\"login\":\"someone-else\",\"type\":\"User\"},"
          + "\"target_type\":\"User\","
          + "\"repository_selection\":\"all\",\"app_id\":" + appId + ",\"suspended_at\":null},"
          + "{\"id\":42,\"account\":{\"login\":\"" + installationOwner + "\",\"type\":\"Organization\"},"
          + "\"target_type\":\"Organization\","
          + "\"repository_selection\":\"all\",\"app_id\":" + appId + ",\"suspended_at\":null}]");
    } else if (ex.getRequestMethod().equals("POST")
        && path.equals("/api/v3/app/installations/42/access_tokens")) {
      accessTokenCalls.incrementAndGet();
      String token = "ghs_installation" + tokenCounter.incrementAndGet() + "xxxxxxxxxxxxxxxxxxxxx";
      Instant expires = clock.instant().plus(tokenLifetime);
      installationTokens.put(token, expires);
      json(ex, 201, "{\"token\":\"" + token + "\",\"expires_at\":\"" + expires
          + "\",\"permissions\":{\"contents\":\"read\"},\"repository_selection\":\"all\"}");
    } else {
      json(ex, 404, "{\"message\":\"Not Found\"}");
    }
  }

  private void handleCodeload(HttpExchange ex) throws IOException {
    try (ex) {
      codeloadAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      String[] seg = ex.getRequestURI().getPath().substring(1).split("/");
      Repo repo = seg.length == 4 ? repos.get(key(seg[0], seg[1])) : null;
      if (repo == null || !seg[2].equals("legacy.tar.gz") || !seg[3].equals(repo.commitSha())) {
        send(ex, 404, "text/plain", "Not Found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] body = tarballOverride != null ? tarballOverride : tarball(repo);
      send(ex, 200, "application/x-gzip", body);
    }
  }

  /** {@code acme/catalog} as GitHub's tarball. */
  public byte[] tarball() {
    return tarball(main());
  }

  /** A repository as GitHub's tarball: a pax global header with the sha, one top folder. */
  public static synchronized byte[] tarball(Repo repo) {
    String commitSha = repo.commitSha();
    Map<String, byte[]> files = repo.files;
    Map<String, String> symlinks = repo.symlinks;
    String top = repo.owner + "-" + repo.name + "-" + commitSha.substring(0, 7) + "/";
    int len = paxLength("comment=" + commitSha);
    Tar tar = new Tar().entry("pax_global_header", 'g', (len + " comment=" + commitSha + "\n")
        .getBytes(StandardCharsets.UTF_8)).files(top, files);
    symlinks.forEach((p, t) -> tar.entry(top + p, '2', new byte[0], t));
    return tar.finish();
  }

  private static int paxLength(String record) {
    // "<len> <record>\n" where len counts itself
    int base = record.length() + 2;
    int len = base + String.valueOf(base).length();
    if (String.valueOf(len).length() != String.valueOf(base).length()) {
      len = base + String.valueOf(len).length();
    }
    return len;
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
    send(ex, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  public static URI uri(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
