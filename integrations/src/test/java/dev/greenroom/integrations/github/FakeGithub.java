package dev.greenroom.integrations.github;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import java.util.zip.GZIPOutputStream;

/**
 * A local GitHub (Enterprise) REST API, written from GitHub's public REST reference, serving real
 * files from a folder as one repository on branch {@code main}: blob, tree and commit shas are
 * computed as git computes them. The API lives under {@code /api/v3} (GitHub Enterprise's layout);
 * tarballs redirect to a second server ("codeload", another origin), as github.com does.
 *
 * <p>Endpoints: {@code GET /repos/{o}/{r}}, {@code /commits/{ref}/status}, {@code
 * /contents/{path}?ref=} (raw media type, ETag, 304), {@code /git/trees/{sha}?recursive=true},
 * {@code /git/blobs/{sha}}, {@code /tarball/{ref}}, {@code GET /search/code}; GitHub Apps: {@code GET /app/installations} and
 * {@code POST /app/installations/{id}/access_tokens} (the App JWT's RS256 signature checked with
 * the App's public key). Every request's Authorization is checked: a known token or installation
 * token, or none for a public repository; a wrong one answers 401.
 */
final class FakeGithub implements AutoCloseable {
  static final String OWNER = "acme";
  static final String REPO = "catalog";

  /** One logged request. */
  record Request(String method, String path, String query, String authorization, String accept,
      String ifNoneMatch) {}

  private final HttpServer api;
  private final HttpServer codeload;
  private final Map<String, byte[]> files = new TreeMap<>();
  private final Map<String, String> symlinks = new TreeMap<>();
  private final Map<String, GitObject> objects = new LinkedHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> codeloadAuthorizations = new CopyOnWriteArrayList<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> installationTokens = new ConcurrentHashMap<>();
  private final AtomicInteger tokenCounter = new AtomicInteger();
  private final AtomicInteger accessTokenCalls = new AtomicInteger();
  private volatile boolean publicRepo;
  private volatile boolean rateLimited;
  private volatile byte[] tarballOverride;
  private volatile int failWith;
  private volatile boolean codeSearchIndexed = true;
  private String commitSha;
  private String treeSha;

  // GitHub App
  private volatile long appId = -1;
  private volatile RSAPublicKey appKey;
  private volatile String installationOwner = OWNER;
  private volatile Duration tokenLifetime = Duration.ofHours(1);
  private volatile Clock clock = Clock.systemUTC();

  private record GitObject(String type, byte[] body) {}

  FakeGithub(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    build();
    InetAddress lo = InetAddress.getLoopbackAddress();
    api = HttpServer.create(new InetSocketAddress(lo, 0), 0);
    api.createContext("/", this::handleApi);
    api.start();
    codeload = HttpServer.create(new InetSocketAddress(lo, 0), 0);
    codeload.createContext("/", this::handleCodeload);
    codeload.start();
  }

  /** Adds a symbolic link to the repository (its target is the blob's content, as in git). */
  FakeGithub symlink(String path, String target) {
    symlinks.put(path, target);
    build();
    return this;
  }

  /** Repository readable without a token. */
  FakeGithub publicRepo() {
    publicRepo = true;
    return this;
  }

  FakeGithub token(String token) {
    tokens.add(token);
    return this;
  }

  /** Answers every API request with this status (429 with retry-after: 30), or 0 for normal. */
  FakeGithub failWith(int status) {
    failWith = status;
    return this;
  }

  /** Whether code search finds this repository's files (GitHub indexes only some repositories). */
  FakeGithub codeSearchIndexed(boolean on) {
    codeSearchIndexed = on;
    return this;
  }

  FakeGithub rateLimited(boolean on) {
    rateLimited = on;
    return this;
  }

  /** Serves these bytes as the tarball instead of the repository's. */
  FakeGithub tarball(byte[] tarGz) {
    tarballOverride = tarGz;
    return this;
  }

  FakeGithub app(long id, RSAPublicKey key, String owner, Duration lifetime, Clock clock) {
    this.appId = id;
    this.appKey = key;
    this.installationOwner = owner;
    this.tokenLifetime = lifetime;
    this.clock = clock;
    return this;
  }

  /** The host the web URLs use, {@code 127.0.0.1:port}. */
  String host() {
    return "127.0.0.1:" + api.getAddress().getPort();
  }

  String apiBaseUrl() {
    return "http://" + host() + "/api/v3";
  }

  String webUrl(String rest) {
    return "http://" + host() + "/" + OWNER + "/" + REPO + "/" + rest;
  }

  String commitSha() {
    return commitSha;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<String> codeloadAuthorizations() {
    return List.copyOf(codeloadAuthorizations);
  }

  int accessTokenCalls() {
    return accessTokenCalls.get();
  }

  Set<String> issuedTokens() {
    return Collections.unmodifiableSet(installationTokens.keySet());
  }

  void clearLog() {
    requests.clear();
    codeloadAuthorizations.clear();
  }

  @Override
  public void close() {
    api.stop(0);
    codeload.stop(0);
  }

  // ---- git objects, computed as git computes them

  private void build() {
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
    // children of dir: name -> (isDir)
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
    for (String name : names) {
      String path = prefix + name;
      String mode;
      String sha;
      if (children.get(name)) {
        mode = "40000";
        sha = tree(path, all);
      } else {
        mode = symlinks.containsKey(path) ? "120000" : "100644";
        sha = put("blob", all.get(path));
      }
      body.writeBytes((mode + " " + name).getBytes(StandardCharsets.UTF_8));
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

  static String blobSha(byte[] content) {
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
        json(ex, 403, "{\"message\":\"API rate limit exceeded\"}");
        return;
      }
      if (path.startsWith("/raw/")) {
        // GitHub Enterprise's raw files: /raw/{owner}/{repo}/{ref}/{path}, public repositories only
        String prefix = "/raw/" + OWNER + "/" + REPO + "/main/";
        byte[] content = path.startsWith(prefix) ? files.get(decode(path.substring(prefix.length()))) : null;
        if (content == null || !publicRepo) {
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
      if (auth == null && !publicRepo) {
        json(ex, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      if (path.equals("/api/v3/search/code")) {
        searchCode(ex, auth, query(query).getOrDefault("q", ""));
        return;
      }
      Matcher m = REPO_PATH.matcher(path);
      if (!m.matches() || !m.group(1).equals(OWNER) || !m.group(2).equals(REPO)) {
        json(ex, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      String rest = m.group(3) == null ? "" : m.group(3);
      Map<String, String> q = query(query);
      if (rest.isEmpty()) {
        json(ex, 200, "{\"name\":\"" + REPO + "\",\"full_name\":\"" + OWNER + "/" + REPO
            + "\",\"default_branch\":\"main\",\"private\":" + !publicRepo + "}");
      } else if (rest.matches("^/commits/[^/]+/status$")) {
        String ref = decode(rest.split("/")[2]);
        if (!ref.equals("main") && !ref.equals(commitSha)) {
          json(ex, 404, "{\"message\":\"No commit found for SHA: " + ref + "\"}");
          return;
        }
        json(ex, 200, "{\"state\":\"pending\",\"sha\":\"" + commitSha + "\",\"total_count\":0,"
            + "\"statuses\":[],\"repository\":{\"full_name\":\"" + OWNER + "/" + REPO + "\","
            + "\"archive_url\":\"" + apiBaseUrl() + "/repos/" + OWNER + "/" + REPO
            + "/{archive_format}{/ref}\",\"trees_url\":\"" + apiBaseUrl() + "/repos/" + OWNER + "/"
            + REPO + "/git/trees{/sha}\"}}");
      } else if (rest.startsWith("/contents/")) {
        String file = decode(rest.substring("/contents/".length()));
        String ref = q.getOrDefault("ref", "main");
        byte[] content = files.get(file);
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
          sha = treeSha; // a commit or branch names its tree, as on GitHub
        }
        GitObject t = objects.get(sha);
        if (t == null || !t.type().equals("tree")) {
          json(ex, 404, "{\"message\":\"Not Found\"}");
          return;
        }
        StringBuilder items = new StringBuilder();
        listTree(sha, "", "true".equals(q.get("recursive")) || "1".equals(q.get("recursive")), items);
        json(ex, 200, "{\"sha\":\"" + sha + "\",\"url\":\"" + apiBaseUrl() + "/repos/" + OWNER + "/"
            + REPO + "/git/trees/" + sha + "\",\"tree\":[" + items + "],\"truncated\":false}");
      } else if (rest.startsWith("/git/blobs/")) {
        String sha = rest.substring("/git/blobs/".length());
        GitObject b = objects.get(sha);
        if (b == null || !b.type().equals("blob")) {
          json(ex, 404, "{\"message\":\"Not Found\"}");
          return;
        }
        String content = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.UTF_8))
            .encodeToString(b.body()).replace("\n", "\\n");
        json(ex, 200, "{\"sha\":\"" + sha + "\",\"node_id\":\"x\",\"size\":" + b.body().length
            + ",\"url\":\"" + apiBaseUrl() + "/repos/" + OWNER + "/" + REPO + "/git/blobs/" + sha
            + "\",\"content\":\"" + content + "\\n\",\"encoding\":\"base64\"}");
      } else if (rest.startsWith("/tarball/")) {
        String ref = decode(rest.substring("/tarball/".length()));
        if (!ref.equals("main") && !ref.equals(commitSha)) {
          json(ex, 404, "{\"message\":\"Not Found\"}");
          return;
        }
        ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + codeload.getAddress().getPort()
            + "/" + OWNER + "/" + REPO + "/legacy.tar.gz/" + commitSha);
        ex.sendResponseHeaders(302, -1);
      } else {
        json(ex, 404, "{\"message\":\"Not Found\"}");
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
    String repo = null;
    for (String term : q.trim().split("\\s+")) {
      if (term.startsWith("filename:")) {
        filename = term.substring(9);
      } else if (term.startsWith("extension:")) {
        extension = term.substring(10);
      } else if (term.startsWith("repo:")) {
        repo = term.substring(5);
      }
    }
    if (repo == null) {
      json(ex, 422, "{\"message\":\"Validation Failed\"}");
      return;
    }
    StringBuilder items = new StringBuilder();
    int count = 0;
    if (codeSearchIndexed && repo.equalsIgnoreCase(OWNER + "/" + REPO)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
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
            .append("\"repository\":{\"full_name\":\"").append(OWNER).append('/').append(REPO)
            .append("\"}}");
      }
    }
    json(ex, 200, "{\"total_count\":" + count + ",\"incomplete_results\":false,\"items\":[" + items + "]}");
  }

  private void listTree(String sha, String prefix, boolean recursive, StringBuilder out) {
    byte[] body = objects.get(sha).body();
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
        out.append(",\"size\":").append(objects.get(child).body().length);
      }
      out.append(",\"url\":\"").append(apiBaseUrl()).append("/repos/").append(OWNER).append('/')
          .append(REPO).append(dir ? "/git/trees/" : "/git/blobs/").append(child).append("\"}");
      if (dir && recursive) {
        listTree(child, path + "/", true, out);
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
    if (appKey == null || !auth.startsWith("Bearer ")) {
      json(ex, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
      return;
    }
    try {
      SignedJWT jwt = SignedJWT.parse(auth.substring(7));
      if (!jwt.getHeader().getAlgorithm().getName().equals("RS256")
          || !jwt.verify(new RSASSAVerifier(appKey))
          || !String.valueOf(appId).equals(jwt.getJWTClaimsSet().getIssuer())
          || jwt.getJWTClaimsSet().getExpirationTime().toInstant().isBefore(clock.instant())
          || jwt.getJWTClaimsSet().getExpirationTime().toInstant()
              .isAfter(clock.instant().plus(Duration.ofMinutes(10)))) {
        json(ex, 401, "{\"message\":\"'Expiration time' claim ('exp') is too far in the future\"}");
        return;
      }
    } catch (Exception e) {
      json(ex, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
      return;
    }
    if (ex.getRequestMethod().equals("GET") && path.equals("/api/v3/app/installations")) {
      json(ex, 200, "[{\"id\":7,\"account\":{\"login\":\"someone-else\",\"type\":\"User\"},"
          + "\"repository_selection\":\"all\",\"app_id\":" + appId + ",\"suspended_at\":null},"
          + "{\"id\":42,\"account\":{\"login\":\"" + installationOwner + "\",\"type\":\"Organization\"},"
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
      if (!ex.getRequestURI().getPath().equals("/" + OWNER + "/" + REPO + "/legacy.tar.gz/" + commitSha)) {
        send(ex, 404, "text/plain", "Not Found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] body = tarballOverride != null ? tarballOverride : tarball();
      send(ex, 200, "application/x-gzip", body);
    }
  }

  /** The repository as GitHub's tarball: a pax global header with the sha, one top folder. */
  byte[] tarball() {
    String top = OWNER + "-" + REPO + "-" + commitSha.substring(0, 7) + "/";
    Tar tar = new Tar();
    int len = paxLength("comment=" + commitSha);
    tar.entry("pax_global_header", 'g', (len + " comment=" + commitSha + "\n")
        .getBytes(StandardCharsets.UTF_8), "");
    tar.entry(top, '5', new byte[0], "");
    Set<String> dirs = new java.util.TreeSet<>();
    for (String p : files.keySet()) {
      String[] parts = p.split("/");
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < parts.length - 1; i++) {
        d.append(parts[i]).append('/');
        if (dirs.add(d.toString())) {
          tar.entry(top + d, '5', new byte[0], "");
        }
      }
      tar.entry(top + p, '0', files.get(p), "");
    }
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

  /** A minimal ustar writer. */
  static final class Tar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Tar entry(String name, char type, byte[] data, String link) {
      byte[] h = new byte[512];
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      if (n.length > 100) {
        throw new IllegalArgumentException("name too long for this fake: " + name);
      }
      System.arraycopy(n, 0, h, 0, n.length);
      octal(h, 100, 8, type == '5' ? 0755 : 0644);
      octal(h, 108, 8, 0);
      octal(h, 116, 8, 0);
      octal(h, 124, 12, data.length);
      octal(h, 136, 12, 1700000000L);
      for (int i = 148; i < 156; i++) {
        h[i] = ' ';
      }
      h[156] = (byte) type;
      byte[] l = link.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(l, 0, h, 157, l.length);
      System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      String chk = String.format("%06o", sum);
      System.arraycopy(chk.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
      h[154] = 0;
      h[155] = ' ';
      out.writeBytes(h);
      out.writeBytes(data);
      int pad = (512 - data.length % 512) % 512;
      out.writeBytes(new byte[pad]);
      return this;
    }

    private static void octal(byte[] h, int off, int len, long v) {
      String s = String.format("%0" + (len - 1) + "o", v);
      System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
    }

    byte[] finish() {
      out.writeBytes(new byte[1024]);
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
        z.write(out.toByteArray());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return gz.toByteArray();
    }
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

  static URI uri(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
