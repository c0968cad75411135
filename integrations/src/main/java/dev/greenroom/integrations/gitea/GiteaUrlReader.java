package dev.greenroom.integrations.gitea;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.Glob;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GiteaIntegrationConfig;
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
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads from one Gitea (or Forgejo) host, asking what Backstage's {@code GiteaUrlReader} asks, for
 * URLs as Gitea shows them: {@code {baseUrl}/{owner}/{repo}/src/branch/{ref}/{path}}.
 *
 * <ul>
 *   <li>{@link #read}: {@code GET {baseUrl}/api/v1/repos/{owner}/{repo}/contents/{path}?ref={ref}},
 *       whose JSON carries the file base64-encoded; the ETag is Gitea's ({@code If-None-Match}
 *       sent, 304 is "not modified");
 *   <li>{@link #readTree}: the commit of the ref ({@code GET .../git/commits/{ref}}), "not
 *       modified" when it equals the ETag, else {@code GET .../archive/{ref}.tar.gz} (one top
 *       folder, dropped) unpacked below the URL's folder with {@link TarTrees}' limits; the ETag
 *       is the commit sha;
 *   <li>{@link #search}: a path without glob characters is read; a glob is matched against the
 *       repository's archive (Backstage's Gitea reader refuses globs; reading them costs one
 *       archive, as Azure's does).
 * </ul>
 *
 * <p>Credentials: {@code username} and {@code password} as Basic, or {@code password} alone as
 * {@code Authorization: token}; errors name the host and the integration, never the password.
 * Immutable and thread-safe.
 */
public final class GiteaUrlReader implements UrlReader {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SHA = Pattern.compile("^[0-9a-f]{40}([0-9a-f]{24})?$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]+$");

  private final GiteaIntegrationConfig config;
  private final ReadLimits limits;
  private final ScmHttp http;

  private GiteaUrlReader(GiteaIntegrationConfig config, ReadLimits limits, @Nullable Executor executor) {
    this.config = config;
    this.limits = limits;
    this.http = new ScmHttp("Gitea integration for " + config.host(), limits, executor);
  }

  /**
   * A reader for one {@code integrations.gitea} entry.
   *
   * @param config the integration
   * @param limits the limits of every request and archive
   * @param executor the HTTP client's executor, or null for the JDK's
   */
  public static GiteaUrlReader create(GiteaIntegrationConfig config, ReadLimits limits,
      @Nullable Executor executor) {
    return new GiteaUrlReader(config, limits, executor);
  }

  /** The lower-case {@code host[:port]} this reader serves. */
  public String host() {
    return config.host();
  }

  /** A Gitea web URL taken apart. */
  record GiteaUrl(String owner, String repo, String ref, String path) {}

  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    GiteaUrl g = parse(url);
    if (g.path().isEmpty()) {
      throw new ProcessingException(ProcessingError.input("Invalid Gitea file URL " + url
          + "; expected " + config.baseUrl() + "/<owner>/<repo>/src/branch/<ref>/<path>"));
    }
    URI uri = URI.create(repoApi(g) + "/contents/" + encPath(g.path()) + "?ref=" + enc(g.ref()));
    Map<String, String> headers = headers();
    if (etag != null) {
      headers.put("If-None-Match", etag);
    }
    ScmHttp.Answer a = http.get(uri, headers, url);
    if (a.status() == 304) {
      a.close();
      return ReadResponse.notModified(a.header("ETag").orElse(etag));
    }
    String newEtag = a.header("ETag").orElse(null);
    // the JSON holds the file in base64: 4/3 of its size, plus the metadata around it
    JsonNode body = json(http.readAll(a, limits.maxBytes() / 3 * 4 + 64 * 1024, url), url);
    if (body.isArray()) {
      throw new ProcessingException(ProcessingError.input(
          url + " names a folder, not a file, on the " + http.integration()));
    }
    String encoding = body.path("encoding").asString("");
    if (!encoding.equals("base64")) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ": unknown encoding '" + encoding + "'"));
    }
    byte[] content;
    try {
      content = Base64.getMimeDecoder().decode(body.path("content").asString(""));
    } catch (IllegalArgumentException e) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ": content that is not base64"));
    }
    long max = Math.min(maxBytes, limits.maxBytes());
    if (content.length > max) {
      throw new ProcessingException(ProcessingError.input(
          "The file " + url + " is larger than the limit of " + max + " bytes"));
    }
    return ReadResponse.of(content, newEtag);
  }

  @Override
  public ReadTreeResponse readTree(String url, @Nullable String etag) {
    GiteaUrl g = parse(url);
    String sha = latestCommit(g, url);
    if (sha.equals(etag)) {
      return ReadTreeResponse.notModified(sha);
    }
    List<TreeFile> files = archive(g, url, g.path(), p -> true);
    if (files.isEmpty() && !g.path().isEmpty()) {
      throw new ProcessingException(ProcessingError.notFound(
          "No files found under " + url + " at commit " + sha));
    }
    return ReadTreeResponse.of(files, sha);
  }

  @Override
  public SearchResponse search(String url, @Nullable String etag) {
    GiteaUrl g = parse(url);
    if (!Glob.hasMagic(g.path())) {
      ReadResponse r = read(url, etag, limits.maxBytes());
      if (r.isNotModified()) {
        return SearchResponse.notModified(r.etag());
      }
      return new SearchResponse(List.of(new FoundFile(url, r.content())), r.etag(), false);
    }
    String sha = latestCommit(g, url);
    if (sha.equals(etag)) {
      return SearchResponse.notModified(sha);
    }
    Pattern matcher = Glob.compile(g.path(), false, false);
    String prefix = config.baseUrl() + "/" + g.owner() + "/" + g.repo() + "/src/branch/" + g.ref() + "/";
    List<FoundFile> found = new ArrayList<>();
    for (TreeFile f : archive(g, url, "", p -> matcher.matcher(p).matches())) {
      found.add(new FoundFile(prefix + f.path(), f.content()));
    }
    found.sort(Comparator.comparing(FoundFile::url));
    return new SearchResponse(found, sha, false);
  }

  private List<TreeFile> archive(GiteaUrl g, String url, String subpath, Predicate<String> filter) {
    URI uri = URI.create(repoApi(g) + "/archive/" + enc(g.ref()) + ".tar.gz");
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
      return TarTrees.read(in, true, subpath, filter, limits.maxTreeFiles(), limits.maxTreeBytes(),
          ScmHttp.redact(uri));
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ", " + e.getClass().getSimpleName()), e);
    }
  }

  private String latestCommit(GiteaUrl g, String url) {
    URI uri = URI.create(repoApi(g) + "/git/commits/" + enc(g.ref()));
    ScmHttp.Answer a = http.get(uri, headers(), url);
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Unable to read " + url + " with the " + http.integration() + ", unexpected 304"));
    }
    String sha = json(http.readAll(a, limits.maxBytes(), url), url).path("sha").asString("");
    if (!SHA.matcher(sha).matches()) {
      throw new ProcessingException(ProcessingError.general("Failed to retrieve latest commit"
          + " information for " + url + ": the " + http.integration() + " answered without a sha"));
    }
    return sha;
  }

  private JsonNode json(byte[] body, String url) {
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      throw new ProcessingException(ProcessingError.general(
          "Unable to read " + url + " with the " + http.integration() + ": invalid JSON"));
    }
  }

  private String repoApi(GiteaUrl g) {
    return config.baseUrl() + "/api/v1/repos/" + enc(g.owner()) + "/" + enc(g.repo());
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/json");
    if (config.password() != null) {
      String secret = config.password().reveal();
      h.put("Authorization", config.username() != null
          ? "Basic " + Base64.getEncoder().encodeToString(
              (config.username() + ":" + secret).getBytes(StandardCharsets.UTF_8))
          : "token " + secret);
    }
    return h;
  }

  /** {@code {baseUrl}/{owner}/{repo}/src/(branch|tag|commit)/{ref}[/{path}]}, as parseGiteaUrl. */
  private GiteaUrl parse(String url) {
    String base = config.baseUrl();
    String rest = null;
    if (url.regionMatches(true, 0, base + "/", 0, base.length() + 1)) {
      rest = url.substring(base.length() + 1);
    }
    int cut = rest == null ? -1 : indexOfAny(rest, "?#");
    if (cut >= 0) {
      rest = rest.substring(0, cut);
    }
    String[] seg = rest == null ? new String[0] : rest.split("/", -1);
    if (seg.length < 5 || !seg[2].equals("src") || !seg[3].matches("branch|tag|commit")) {
      throw invalid(url);
    }
    String owner = decode(seg[0]);
    String repo = decode(seg[1]);
    String ref = decode(seg[4]);
    if (!NAME.matcher(owner).matches() || !NAME.matcher(repo).matches() || ref.isEmpty()
        || ref.equals("..") || owner.equals("..") || repo.equals("..")) {
      throw invalid(url);
    }
    List<String> path = new ArrayList<>();
    for (int i = 5; i < seg.length; i++) {
      String s = decode(seg[i]);
      if (s.equals("..")) {
        throw invalid(url);
      }
      if (!s.isEmpty() && !s.equals(".")) {
        path.add(s);
      }
    }
    return new GiteaUrl(owner, repo, ref, String.join("/", path));
  }

  private ProcessingException invalid(String url) {
    return new ProcessingException(ProcessingError.input("Invalid Gitea URL " + url + " for the "
        + http.integration() + "; expected " + config.baseUrl()
        + "/<owner>/<repo>/src/branch/<ref>/<path>"));
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encPath(String path) {
    StringBuilder sb = new StringBuilder();
    for (String seg : path.split("/")) {
      if (!seg.isEmpty()) {
        if (sb.length() > 0) {
          sb.append('/');
        }
        sb.append(enc(seg));
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "gitea{host=" + config.host() + ",authed=" + (config.password() != null) + "}";
  }
}
