package dev.greenroom.integrations.gerrit;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.Glob;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GerritIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.internal.ScmHttp;
import dev.greenroom.integrations.internal.TarTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads from one Gerrit host, for Gitiles URLs ({@code
 * {gitilesBaseUrl}/{project}/+/refs/heads/{branch}/{path}} or {@code .../+/{sha}/{path}}), asking
 * what Backstage's {@code GerritUrlReader} asks:
 *
 * <ul>
 *   <li>{@link #read}: Gerrit's REST API, {@code GET {baseUrl}/a/projects/{project}/branches/{branch}/files/{path}/content}
 *       (or {@code /commits/{sha}/files/...}), whose body is the file in base64;
 *   <li>{@link #readTree}: the branch's revision ({@code GET .../projects/{project}/branches/{branch}},
 *       JSON after Gerrit's {@code )]}'} prefix), "not modified" when it equals the ETag, else
 *       Gitiles' archive of the folder ({@code {gitiles}/{project}/+archive/refs/heads/{branch}/{path}.tar.gz},
 *       whose entries have no top folder) with {@link TarTrees}' limits; the ETag is the revision;
 *   <li>{@link #search}: a path without glob characters is read; a glob is matched against
 *       Gitiles' archive of the folders before its first wildcard (Backstage's Gerrit reader only
 *       reads single files).
 * </ul>
 *
 * <p>With a {@code password} every request is authenticated ({@code /a/} prefix, Basic {@code
 * username:password}); Gitiles then must live under {@code baseUrl} (Gerrit's gitiles plugin) so
 * that its archive can be asked with the same credentials, as in Backstage. Errors name the host
 * and the integration, never the password. Immutable and thread-safe.
 */
public final class GerritUrlReader implements UrlReader {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SHA = Pattern.compile("^[0-9a-f]{40}$");
  private static final String XSSI_PREFIX = ")]}'";

  private final GerritIntegrationConfig config;
  private final ReadLimits limits;
  private final ScmHttp http;

  private GerritUrlReader(GerritIntegrationConfig config, ReadLimits limits, @Nullable Executor executor) {
    this.config = config;
    this.limits = limits;
    this.http = new ScmHttp("Gerrit integration for " + config.host(), limits, executor);
  }

  /**
   * A reader for one {@code integrations.gerrit} entry.
   *
   * @param config the integration
   * @param limits the limits of every request and archive
   * @param executor the HTTP client's executor, or null for the JDK's
   */
  public static GerritUrlReader create(GerritIntegrationConfig config, ReadLimits limits,
      @Nullable Executor executor) {
    return new GerritUrlReader(config, limits, executor);
  }

  /**
   * The lower-case {@code host[:port]} of the URLs this reader serves: Gitiles' host, which
   * Backstage routes by (it may differ from the Gerrit {@code host}).
   */
  public String host() {
    return authority(config.gitilesBaseUrl());
  }

  /**
   * A Gitiles URL taken apart (Backstage's {@code parseGitilesUrlRef}).
   *
   * @param project the project, may hold slashes
   * @param ref the branch or sha
   * @param sha whether {@code ref} is a commit sha
   * @param path the path in the repository, empty for the root
   */
  record GitilesUrl(String project, String ref, boolean sha, String path) {}

  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    GitilesUrl g = parse(url);
    if (g.path().isEmpty()) {
      throw new ProcessingException(ProcessingError.input("Invalid Gerrit file URL " + url
          + "; expected " + config.gitilesBaseUrl() + "/<project>/+/refs/heads/<branch>/<path>"));
    }
    URI uri = URI.create(config.baseUrl() + authPrefix() + "projects/" + enc(g.project())
        + (g.sha() ? "/commits/" : "/branches/") + enc(g.ref()) + "/files/" + enc(g.path())
        + "/content");
    ScmHttp.Answer a = http.get(uri, headers(), url);
    if (a.status() == 304) {
      a.close();
      return ReadResponse.notModified(etag);
    }
    long max = Math.min(maxBytes, limits.maxBytes());
    byte[] b64 = http.readAll(a, max / 3 * 4 + 8, url);
    try {
      return ReadResponse.of(Base64.getMimeDecoder().decode(b64), null);
    } catch (IllegalArgumentException e) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ": content that is not base64"));
    }
  }

  @Override
  public ReadTreeResponse readTree(String url, @Nullable String etag) {
    GitilesUrl g = parse(url);
    String revision = revision(g, url);
    if (revision.equals(etag)) {
      return ReadTreeResponse.notModified(revision);
    }
    return ReadTreeResponse.of(archive(g, url, p -> true), revision);
  }

  @Override
  public SearchResponse search(String url, @Nullable String etag) {
    GitilesUrl g = parse(url);
    if (!Glob.hasMagic(g.path())) {
      ReadResponse r = read(url, etag, limits.maxBytes());
      return new SearchResponse(List.of(new FoundFile(url, r.content())), r.etag(), false);
    }
    String revision = revision(g, url);
    if (revision.equals(etag)) {
      return SearchResponse.notModified(revision);
    }
    // the folders before the first glob segment scope the archive
    String[] segs = g.path().split("/");
    int fixed = 0;
    while (fixed < segs.length - 1 && !Glob.hasMagic(segs[fixed])) {
      fixed++;
    }
    String folder = String.join("/", Arrays.copyOfRange(segs, 0, fixed));
    Pattern matcher = Glob.compile(String.join("/", Arrays.copyOfRange(segs, fixed, segs.length)), false, false);
    GitilesUrl root = new GitilesUrl(g.project(), g.ref(), g.sha(), folder);
    String prefix = config.gitilesBaseUrl() + "/" + g.project() + "/+/"
        + (g.sha() ? g.ref() : "refs/heads/" + g.ref()) + "/" + (folder.isEmpty() ? "" : folder + "/");
    List<FoundFile> found = new ArrayList<>();
    for (TreeFile f : archive(root, url, p -> matcher.matcher(p).matches())) {
      found.add(new FoundFile(prefix + f.path(), f.content()));
    }
    found.sort(Comparator.comparing(FoundFile::url));
    return new SearchResponse(found, revision, false);
  }

  private List<TreeFile> archive(GitilesUrl g, String url, Predicate<String> filter) {
    String name = g.path().isEmpty() ? ".tar.gz" : "/" + encPath(g.path()) + ".tar.gz";
    URI uri = URI.create(gitilesAuthUrl(url) + "/" + encPath(g.project()) + "/+archive/"
        + (g.sha() ? g.ref() : "refs/heads/" + encPath(g.ref())) + name);
    ScmHttp.Answer a = http.get(uri, headers(), url);
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Unable to read " + url + " with the " + http.integration() + ", unexpected 304"));
    }
    long declared = a.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > limits.maxTreeBytes()) {
      a.close();
      throw new ProcessingException(ProcessingError.input("The archive of " + url
          + " is larger than the limit of " + limits.maxTreeBytes() + " bytes"));
    }
    try (InputStream in = a.body()) {
      return TarTrees.read(in, false, "", filter, limits.maxTreeFiles(), limits.maxTreeBytes(),
          ScmHttp.redact(uri));
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ", " + e.getClass().getSimpleName()), e);
    }
  }

  private String revision(GitilesUrl g, String url) {
    if (g.sha()) {
      return g.ref();
    }
    URI uri = URI.create(config.baseUrl() + authPrefix() + "projects/" + enc(g.project())
        + "/branches/" + enc(g.ref()));
    ScmHttp.Answer a = http.get(uri, headers(), url);
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Unable to read " + url + " with the " + http.integration() + ", unexpected 304"));
    }
    String body = new String(http.readAll(a, limits.maxBytes(), url), StandardCharsets.UTF_8);
    if (!body.startsWith(XSSI_PREFIX)) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ": Gerrit JSON body prefix missing"));
    }
    JsonNode info;
    try {
      info = JSON.readTree(body.substring(XSSI_PREFIX.length()));
    } catch (RuntimeException e) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ": invalid JSON from " + ScmHttp.redact(uri)));
    }
    String revision = info.path("revision").asString("");
    if (!SHA.matcher(revision).matches()) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ": branch " + g.ref() + " has no revision"));
    }
    return revision;
  }

  private String authPrefix() {
    return config.password() != null ? "/a/" : "/";
  }

  /** Gitiles' base with Gerrit's {@code /a/} when authenticated (Backstage's rule). */
  private String gitilesAuthUrl(String url) {
    String gitiles = config.gitilesBaseUrl();
    String base = config.baseUrl();
    if (gitiles.startsWith(base + "/")) {
      return base + authPrefix() + gitiles.substring(base.length() + 1);
    }
    if (config.password() != null) {
      throw new ProcessingException(ProcessingError.notAllowed("Unable to read the tree " + url
          + " with the " + http.integration() + ": gitilesBaseUrl is not below baseUrl, so its"
          + " archive cannot be asked with the integration's credentials"));
    }
    return gitiles;
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    if (config.password() != null) {
      String user = config.username() == null ? "" : config.username();
      h.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + config.password().reveal()).getBytes(StandardCharsets.UTF_8)));
    }
    return h;
  }

  private GitilesUrl parse(String url) {
    URI u;
    URI base;
    try {
      u = new URI(uriSafe(url));
      base = new URI(config.gitilesBaseUrl());
    } catch (Exception e) {
      throw invalid(url);
    }
    if (u.getRawPath() == null || u.getHost() == null || u.getRawUserInfo() != null
        || !authority(uriSafe(url)).equals(host())) {
      throw invalid(url);
    }
    String path = u.getRawPath();
    if (path.startsWith("/a/")) {
      path = path.substring(2);
    }
    String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    if (!basePath.isEmpty()) {
      if (!path.startsWith(basePath + "/")) {
        throw invalid(url);
      }
      path = path.substring(basePath.length());
    }
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        String d = URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (d.equals("..") || d.equals(".")) {
          throw invalid(url);
        }
        parts.add(d);
      }
    }
    int plus = parts.indexOf("+");
    if (plus <= 0) {
      throw invalid(url);
    }
    String project = String.join("/", parts.subList(0, plus));
    List<String> rest = parts.subList(plus + 1, parts.size());
    if (!rest.isEmpty() && SHA.matcher(rest.get(0)).matches()) {
      return new GitilesUrl(project, rest.get(0), true, String.join("/", rest.subList(1, rest.size())));
    }
    if (rest.size() >= 3 && rest.get(0).equals("refs") && rest.get(1).equals("heads")) {
      return new GitilesUrl(project, rest.get(2), false, String.join("/", rest.subList(3, rest.size())));
    }
    throw new ProcessingException(ProcessingError.input("Unsupported Gitiles URL " + url + " for the "
        + http.integration() + ": only refs/heads/<branch> and commit shas can be read (not "
        + (rest.isEmpty() ? "nothing" : rest.get(0).equals("refs") && rest.size() > 1
            ? "refs/" + rest.get(1) : rest.get(0)) + ")"));
  }

  /** Percent-encodes the characters {@link URI} refuses but glob URLs hold ({@code {a,b}}, {@code [ab]}). */
  private static String uriSafe(String url) {
    StringBuilder b = new StringBuilder(url.length());
    for (char c : url.toCharArray()) {
      if ("{}[]| ^`\"<>\\".indexOf(c) >= 0) {
        b.append('%').append(String.format("%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private ProcessingException invalid(String url) {
    return new ProcessingException(ProcessingError.input("Invalid Gitiles URL " + url + " for the "
        + http.integration() + "; expected " + config.gitilesBaseUrl()
        + "/<project>/+/refs/heads/<branch>/<path>"));
  }

  private static String authority(String url) {
    URI u = URI.create(url);
    String h = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    return u.getPort() < 0 ? h : h + ":" + u.getPort();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encPath(String path) {
    return String.join("/", Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
        .map(GerritUrlReader::enc).toList());
  }

  @Override
  public String toString() {
    return "gerrit{host=" + config.host() + ",authed=" + (config.password() != null) + "}";
  }
}
