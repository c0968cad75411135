package dev.greenroom.scaffolder.publish.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What every fake SCM host of these tests shares: one HTTP server on 127.0.0.1 that answers the
 * host's REST API (subclasses) and serves real git over smart HTTP on the same origin, with the
 * machine's {@code git http-backend} run as a CGI program over bare repositories in a temporary
 * folder. Both sides check the {@code Authorization} header against the credentials the test
 * gave; git pushes are accepted only with them. The request log, a failure switch for the API
 * and a JGit reader of what was pushed ({@link #files}) make the assertions.
 */
public abstract class GitHost implements AutoCloseable {
  /** One logged API request, with its JSON body (or null). */
  public record Request(String method, String path, String query, String authorization,
      @Nullable JsonNode body) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final Path root;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<String> authorizations = ConcurrentHashMap.newKeySet();
  private volatile int failWith;
  private final String scheme;
  private volatile boolean refuseGit;

  protected GitHost(Path root) throws IOException {
    this(root, null);
  }

  /** A host served over HTTPS with {@code tls} (its certificate names 127.0.0.1) when not null. */
  protected GitHost(Path root, javax.net.ssl.@Nullable SSLContext tls) throws IOException {
    this.root = Files.createDirectories(root);
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls != null) {
      var https = com.sun.net.httpserver.HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
      server = https;
    } else {
      server = HttpServer.create(address, 0);
    }
    this.scheme = tls == null ? "http" : "https";
    server.setExecutor(threads);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** {@code 127.0.0.1:port}. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:port} ({@code https} for a TLS host). */
  public String baseUrl() {
    return scheme + "://" + host();
  }

  /** Accepts {@code Authorization: Basic} with this user and password. */
  public GitHost basic(String user, String password) {
    authorizations.add("Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  /** Accepts {@code Authorization: Bearer token}. */
  public GitHost bearer(String token) {
    authorizations.add("Bearer " + token);
    return this;
  }

  /** Refuses every git request with 401 whatever the credentials (the API still answers). */
  public GitHost refuseGit(boolean on) {
    refuseGit = on;
    return this;
  }

  /** Answers every API request with this status (429 with {@code retry-after: 30}); 0: normal. */
  public GitHost failWith(int status) {
    failWith = status;
    return this;
  }

  /** The API requests so far (git requests are not logged). */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The API requests with this method whose path ends with {@code suffix}. */
  public List<Request> requests(String method, String suffix) {
    return requests.stream().filter(r -> r.method().equals(method) && r.path().endsWith(suffix))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  // ---- repositories ----

  /** The bare repository at {@code path} (like {@code scm/key/repo.git}), lower-cased. */
  protected Path bare(String path) {
    return root.resolve(path.toLowerCase(Locale.ROOT));
  }

  /** Creates an empty bare repository whose HEAD names {@code defaultBranch}. */
  protected void createBare(String path, String defaultBranch) {
    try (Git git = Git.init().setBare(true).setDirectory(bare(path).toFile())
        .setInitialBranch(defaultBranch).call()) {
      git.getRepository().getConfig().setBoolean("http", null, "receivepack", true);
      git.getRepository().getConfig().save();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the bare repository at {@code from} (all branches) to {@code to}, as a fork does. */
  protected void forkBare(String from, String to) {
    try (Git git = Git.cloneRepository().setBare(true).setCloneAllBranches(true)
        .setURI(bare(from).toUri().toString()).setDirectory(bare(to).toFile()).call()) {
      git.getRepository().getConfig().setBoolean("http", null, "receivepack", true);
      git.getRepository().getConfig().save();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a bare repository exists at {@code path}. */
  protected boolean exists(String path) {
    return Files.isDirectory(bare(path));
  }

  /** The commit id of {@code branch} in the repository at {@code path}, or null. */
  public @Nullable String head(String path, String branch) {
    if (!exists(path)) {
      return null;
    }
    try (Repository r = open(path)) {
      ObjectId id = r.resolve("refs/heads/" + branch);
      return id == null ? null : id.getName();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates {@code branch} at commit {@code startPoint} (the REST way of making branches). */
  protected void createBranch(String path, String branch, String startPoint) throws IOException {
    try (Repository r = open(path)) {
      var u = r.updateRef("refs/heads/" + branch);
      u.setNewObjectId(ObjectId.fromString(startPoint));
      u.update();
    }
  }

  /**
   * Writes a commit on {@code branch} (created when missing) over its current tree, the way a
   * host's REST API commits: each entry of {@code changes} adds or replaces a file, or deletes
   * it when the value is null. Returns the new commit id.
   */
  protected String commit(String path, String branch, Map<String, @Nullable String> changes,
      String message) throws IOException {
    try (Repository r = open(path); var ins = r.newObjectInserter();
        RevWalk walk = new RevWalk(r)) {
      ObjectId parent = r.resolve("refs/heads/" + branch);
      var index = org.eclipse.jgit.dircache.DirCache.newInCore();
      var builder = index.builder();
      if (parent != null) {
        builder.addTree(new byte[0], 0, r.newObjectReader(),
            walk.parseCommit(parent).getTree());
      }
      builder.finish();
      var editor = index.editor();
      for (var e : changes.entrySet()) {
        if (e.getValue() == null) {
          editor.add(new org.eclipse.jgit.dircache.DirCacheEditor.DeletePath(e.getKey()));
        } else {
          ObjectId blob = ins.insert(org.eclipse.jgit.lib.Constants.OBJ_BLOB,
              e.getValue().getBytes(StandardCharsets.UTF_8));
          editor.add(new org.eclipse.jgit.dircache.DirCacheEditor.PathEdit(e.getKey()) {
            @Override
            public void apply(org.eclipse.jgit.dircache.DirCacheEntry entry) {
              entry.setFileMode(org.eclipse.jgit.lib.FileMode.REGULAR_FILE);
              entry.setObjectId(blob);
            }
          });
        }
      }
      editor.finish();
      var cb = new org.eclipse.jgit.lib.CommitBuilder();
      cb.setTreeId(index.writeTree(ins));
      if (parent != null) {
        cb.setParentId(parent);
      }
      var who = new org.eclipse.jgit.lib.PersonIdent("Host", "host@example.com");
      cb.setAuthor(who);
      cb.setCommitter(who);
      cb.setMessage(message);
      ObjectId id = ins.insert(cb);
      ins.flush();
      var u = r.updateRef("refs/heads/" + branch);
      u.setNewObjectId(id);
      u.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent);
      u.update();
      return id.getName();
    }
  }

  /** The files of {@code branch} in the repository at {@code path}, read with JGit. */
  public Map<String, String> files(String path, String branch) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Repository r = open(path); RevWalk walk = new RevWalk(r)) {
      ObjectId id = r.resolve("refs/heads/" + branch);
      if (id == null) {
        throw new IllegalStateException("no branch " + branch + " in " + path);
      }
      RevCommit c = walk.parseCommit(id);
      try (TreeWalk tw = new TreeWalk(r)) {
        tw.addTree(c.getTree());
        tw.setRecursive(true);
        while (tw.next()) {
          ObjectLoader l = r.open(tw.getObjectId(0));
          out.put(tw.getPathString(), new String(l.getBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  /** The commit message and author of {@code branch}'s head. */
  public String headCommit(String path, String branch) throws IOException {
    try (Repository r = open(path); RevWalk walk = new RevWalk(r)) {
      RevCommit c = walk.parseCommit(r.resolve("refs/heads/" + branch));
      return c.getAuthorIdent().getName() + " <" + c.getAuthorIdent().getEmailAddress() + "> "
          + c.getFullMessage().strip();
    }
  }

  private Repository open(String path) throws IOException {
    return new FileRepositoryBuilder().setGitDir(bare(path).toFile()).setMustExist(true).build();
  }

  // ---- HTTP ----

  /** Whether a host accepts {@code authorization} for {@code path} beyond the fixed credentials. */
  protected boolean authorises(String path, String authorization) {
    return false;
  }

  /** Whether {@code path} is a git smart-HTTP path this host serves (else it is API). */
  protected abstract boolean isGitPath(String path);

  /** Answers one authorised API request. */
  protected abstract void api(HttpExchange ex, String method, String path,
      Map<String, String> query, @Nullable JsonNode body) throws IOException;

  /** Writes the host's error body. */
  protected abstract void error(HttpExchange ex, int status, String message) throws IOException;

  private void dispatch(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      boolean authorised = auth != null
          && (authorizations.contains(auth) || authorises(path, auth));
      if (isGitPath(path)) {
        if (!authorised || refuseGit) {
          ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
          send(ex, 401, "text/plain", "Authentication required".getBytes(StandardCharsets.UTF_8));
          return;
        }
        git(ex, path, query);
        return;
      }
      byte[] raw = ex.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? null : Json.parse(new String(raw, StandardCharsets.UTF_8));
      requests.add(new Request(ex.getRequestMethod(), path, query, auth == null ? "" : auth, body));
      if (failWith != 0) {
        if (failWith == 429) {
          ex.getResponseHeaders().add("retry-after", "30");
        }
        error(ex, failWith, "failing on purpose");
        return;
      }
      if (!authorised) {
        error(ex, 401, auth == null ? "Authentication required" : "Invalid credentials");
        return;
      }
      api(ex, ex.getRequestMethod(), path, query(query), body);
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  /** Runs {@code git http-backend} for one request (CGI/1.1), the repository path lower-cased. */
  private void git(HttpExchange ex, String path, String query) throws IOException {
    int dotGit = path.toLowerCase(Locale.ROOT).indexOf(".git/");
    String pathInfo = dotGit < 0 ? path
        : path.substring(0, dotGit + 4).toLowerCase(Locale.ROOT) + path.substring(dotGit + 4);
    ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = pb.environment();
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("PATH_INFO", pathInfo);
    env.put("REQUEST_METHOD", ex.getRequestMethod());
    env.put("QUERY_STRING", query);
    env.put("REMOTE_USER", "publisher");
    env.put("REMOTE_ADDR", "127.0.0.1");
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type != null) {
      env.put("CONTENT_TYPE", type);
    }
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null) {
      env.put("HTTP_CONTENT_ENCODING", encoding);
    }
    String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
    if (protocol != null) {
      env.put("GIT_PROTOCOL", protocol);
    }
    byte[] in = ex.getRequestBody().readAllBytes();
    env.put("CONTENT_LENGTH", Integer.toString(in.length));
    Process p = pb.start();
    Thread writer = new Thread(() -> {
      try (OutputStream os = p.getOutputStream()) {
        os.write(in);
      } catch (IOException ignored) {
        // the process ended early; its answer says why
      }
    });
    writer.start();
    byte[] out;
    try (InputStream is = p.getInputStream()) {
      out = is.readAllBytes();
    }
    p.getErrorStream().transferTo(OutputStream.nullOutputStream());
    // the CGI answer: headers, a blank line, the body
    int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int skip = 4;
    if (split < 0) {
      split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
      skip = 2;
    }
    if (split < 0) {
      send(ex, 500, "text/plain", out);
      return;
    }
    int status = 200;
    for (String line : new String(out, 0, split, StandardCharsets.ISO_8859_1).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(value.split(" ")[0]);
      } else {
        ex.getResponseHeaders().add(name, value);
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(out, split + skip, out.length);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  protected static Map<String, String> query(String q) {
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

  protected static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  protected static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    send(ex, status, "application/json;charset=UTF-8",
        Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  protected static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }
}
