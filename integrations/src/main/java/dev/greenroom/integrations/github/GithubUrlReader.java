package dev.greenroom.integrations.github;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.Glob;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GithubIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads from one GitHub or GitHub Enterprise host, asking what Backstage's {@code GithubUrlReader}
 * asks:
 *
 * <ul>
 *   <li>{@link #read}: {@code GET {apiBaseUrl}/repos/{owner}/{repo}/contents/{path}?ref={ref}} with
 *       {@code Accept: application/vnd.github.v3.raw} when there are credentials (or no {@code
 *       rawBaseUrl}), else {@code {rawBaseUrl}/{owner}/{repo}/{ref}/{path}}; {@code If-None-Match}
 *       with the ETag, 304 is "not modified";
 *   <li>{@link #readTree}: the commit sha of the ref ({@code GET
 *       /repos/{owner}/{repo}/commits/{ref}/status?per_page=0}; the default branch from {@code GET
 *       /repos/{owner}/{repo}} when the URL names none), "not modified" when it equals the ETag,
 *       else {@code GET /repos/{owner}/{repo}/tarball/{sha}} unpacked below the URL's folder; the
 *       ETag is the sha;
 *   <li>{@link #search}: a URL without glob characters is read; a glob ({@code
 *       https://github.com/o/r/blob/main/**}{@code /catalog-info.yaml}) is matched against the
 *       recursive tree ({@code GET /repos/{owner}/{repo}/git/trees/{sha}?recursive=true}) with
 *       catalog-processors' {@link Glob} (node's minimatch), and each match read as a blob ({@code
 *       GET /repos/{owner}/{repo}/git/blobs/{sha}}); a truncated tree falls back to the tarball.
 *       The ETag is the sha.
 * </ul>
 *
 * <p>Credentials: an installation token of the first configured GitHub App installed for the
 * URL's owner (see {@code allowedInstallationOwners}), else the integration's {@code token}, else
 * none; sent as {@code Authorization: Bearer}, only to the API's own origin (redirects to another
 * host, as tarballs to GitHub's codeload, go without it). Every answer is bounded by {@link
 * ReadLimits}; symbolic links are never followed or returned. Errors name the host and the URL
 * asked, never a token or key. Immutable and thread-safe.
 */
public final class GithubUrlReader implements UrlReader {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SHA = Pattern.compile("^[0-9a-f]{40}([0-9a-f]{24})?$");

  private final GithubIntegrationConfig config;
  private final ReadLimits limits;
  private final GithubHttp http;
  private final GithubCredentialsProvider credentials;

  private GithubUrlReader(GithubIntegrationConfig config, ReadLimits limits, Clock clock,
      @Nullable Executor executor) {
    if (config.apiBaseUrl() == null && config.rawBaseUrl() == null) {
      throw new dev.greenroom.integrations.IntegrationException("GitHub integration '" + config.host()
          + "' must configure an explicit apiBaseUrl or rawBaseUrl");
    }
    this.config = config;
    this.limits = limits;
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(limits.timeout());
    if (executor != null) {
      b.executor(executor);
    }
    this.http = new GithubHttp(b.build(), limits, config.host());
    this.credentials = new GithubCredentialsProvider(config, http, clock, limits);
  }

  /**
   * A reader for one integration.
   *
   * @param config the integration (host, API and raw bases, token, Apps)
   * @param limits the limits of every request
   * @param clock the clock of App token expiry
   * @param executor the HTTP client's executor, or null for the JDK's
   * @throws dev.greenroom.integrations.IntegrationException when neither base URL is set or an
   *     App's private key cannot be read (the message names the App and host, never the key)
   */
  public static GithubUrlReader create(GithubIntegrationConfig config, ReadLimits limits, Clock clock,
      @Nullable Executor executor) {
    return new GithubUrlReader(config, limits, clock, executor);
  }

  /** The credentials this reader sends, shared with providers of the same integration. */
  public GithubCredentialsProvider credentials() {
    return credentials;
  }

  /** The lower-case {@code host[:port]} this reader serves. */
  public String host() {
    return config.host();
  }

  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    GithubUrl gh = parse(url, true);
    String auth = authorization(gh.owner());
    boolean api = config.apiBaseUrl() != null && (auth != null || config.rawBaseUrl() == null);
    URI uri = api
        ? URI.create(config.apiBaseUrl() + "/repos/" + enc(gh.owner()) + "/" + enc(gh.repo())
            + "/contents/" + encPath(gh.path()) + "?ref=" + enc(gh.ref()))
        : URI.create(config.rawBaseUrl() + "/" + enc(gh.owner()) + "/" + enc(gh.repo()) + "/"
            + enc(gh.ref()) + "/" + encPath(gh.path()));
    Map<String, String> headers = new LinkedHashMap<>();
    if (auth != null) {
      headers.put("Authorization", auth);
    }
    if (etag != null) {
      headers.put("If-None-Match", etag);
    }
    headers.put("Accept", "application/vnd.github.v3.raw");
    GithubHttp.Answer a = http.get(uri, headers);
    if (a.status() == 304) {
      a.close();
      return ReadResponse.notModified(a.header("ETag").orElse(etag));
    }
    String newEtag = a.header("ETag").orElse(null);
    return ReadResponse.of(GithubHttp.readAll(a, Math.min(maxBytes, limits.maxBytes())), newEtag);
  }

  @Override
  public ReadTreeResponse readTree(String url, @Nullable String etag) {
    GithubUrl gh = parse(url, false);
    String auth = authorization(gh.owner());
    String sha = commitSha(gh, auth);
    if (sha.equals(etag)) {
      return ReadTreeResponse.notModified(sha);
    }
    List<TreeFile> files = tarball(gh, sha, auth, gh.path(), p -> true, url);
    if (files.isEmpty() && !gh.path().isEmpty()) {
      throw new ProcessingException(ProcessingError.notFound(
          "No files found under " + url + " at commit " + sha));
    }
    return ReadTreeResponse.of(files, sha);
  }

  @Override
  public SearchResponse search(String url, @Nullable String etag) {
    GithubUrl gh = parse(url, false);
    if (!Glob.hasMagic(gh.path())) {
      ReadResponse r = read(url, etag, limits.maxBytes());
      if (r.isNotModified()) {
        return SearchResponse.notModified(r.etag());
      }
      return new SearchResponse(List.of(new FoundFile(url, r.content())), r.etag(), false);
    }
    String auth = authorization(gh.owner());
    String sha = commitSha(gh, auth);
    if (sha.equals(etag)) {
      return SearchResponse.notModified(sha);
    }
    Pattern matcher = Glob.compile(gh.path().replaceAll("^/+", ""), false, false);
    String scheme = url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT);
    URI treeUri = URI.create(repoApi(gh) + "/git/trees/" + sha + "?recursive=true");
    JsonNode tree = json(http.get(treeUri, apiHeaders(auth)), treeUri, limits.maxBytes());
    List<FoundFile> found = new ArrayList<>();
    if (!tree.path("truncated").asBoolean(false) && tree.path("tree").isArray()) {
      List<JsonNode> matches = new ArrayList<>();
      long total = 0;
      for (JsonNode item : tree.path("tree")) {
        String path = item.path("path").asString("");
        if (item.path("type").asString("").equals("blob")
            && !item.path("mode").asString("").equals("120000")
            && matcher.matcher(path).matches()) {
          matches.add(item);
          total += item.path("size").asLong(0);
          checkTree(matches.size(), total, url);
        }
      }
      for (JsonNode item : matches) {
        String path = item.path("path").asString("");
        String blobSha = item.path("sha").asString("");
        if (!SHA.matcher(blobSha).matches()) {
          throw new ProcessingException(ProcessingError.general(
              "GitHub answered a tree entry without a valid sha for " + path + " in " + url));
        }
        if (item.path("size").asLong(0) > limits.maxBytes()) {
          throw new ProcessingException(ProcessingError.input("The file " + gh.fileUrl(scheme, path)
              + " is larger than the limit of " + limits.maxBytes() + " bytes"));
        }
        URI blobUri = URI.create(repoApi(gh) + "/git/blobs/" + blobSha);
        JsonNode blob = json(http.get(blobUri, apiHeaders(auth)), blobUri, limits.maxBytes() * 2 + 4096);
        found.add(new FoundFile(gh.fileUrl(scheme, path), blobContent(blob, blobUri)));
      }
    } else {
      for (TreeFile f : tarball(gh, sha, auth, "", p -> matcher.matcher(p).matches(), url)) {
        found.add(new FoundFile(gh.fileUrl(scheme, f.path()), f.content()));
      }
    }
    found.sort(Comparator.comparing(FoundFile::url));
    return new SearchResponse(found, sha, false);
  }

  private void checkTree(int files, long bytes, String url) {
    if (files > limits.maxTreeFiles()) {
      throw new ProcessingException(ProcessingError.input(
          "The search " + url + " matches more than " + limits.maxTreeFiles() + " files, the limit"));
    }
    if (bytes > limits.maxTreeBytes()) {
      throw new ProcessingException(ProcessingError.input(
          "The files the search " + url + " matches are larger than the limit of "
              + limits.maxTreeBytes() + " bytes"));
    }
  }

  private byte[] blobContent(JsonNode blob, URI uri) {
    String encoding = blob.path("encoding").asString("base64");
    String content = blob.path("content").asString("");
    if (encoding.equals("utf-8")) {
      return content.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getMimeDecoder().decode(content);
    } catch (IllegalArgumentException e) {
      throw new ProcessingException(ProcessingError.general(
          "GitHub answered " + GithubHttp.redact(uri) + " with content that is not base64"));
    }
  }

  private List<TreeFile> tarball(GithubUrl gh, String sha, @Nullable String auth, String subpath,
      java.util.function.Predicate<String> filter, String url) {
    URI uri = URI.create(repoApi(gh) + "/tarball/" + sha);
    Map<String, String> headers = new LinkedHashMap<>();
    if (auth != null) {
      headers.put("Authorization", auth);
    }
    GithubHttp.Answer a = http.get(uri, headers);
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + GithubHttp.redact(uri) + ", unexpected 304"));
    }
    long declared = a.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > limits.maxTreeBytes()) {
      a.close();
      throw new ProcessingException(ProcessingError.input("The archive " + GithubHttp.redact(uri)
          + " is larger than the limit of " + limits.maxTreeBytes() + " bytes"));
    }
    try (InputStream in = a.body()) {
      return dev.greenroom.integrations.internal.TarTrees.read(
          in, subpath, filter, limits.maxTreeFiles(), limits.maxTreeBytes(), GithubHttp.redact(uri));
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + GithubHttp.redact(uri) + ", " + e.getClass().getSimpleName()), e);
    }
  }

  private String commitSha(GithubUrl gh, @Nullable String auth) {
    if (config.apiBaseUrl() == null) {
      throw new ProcessingException(ProcessingError.notAllowed("The GitHub integration for "
          + config.host() + " has no apiBaseUrl; reading trees and searching need it"));
    }
    String ref = gh.ref();
    if (ref == null) {
      URI repoUri = URI.create(repoApi(gh));
      ref = json(http.get(repoUri, apiHeaders(auth)), repoUri, limits.maxBytes())
          .path("default_branch").asString("");
      if (ref.isEmpty()) {
        throw new ProcessingException(ProcessingError.general(
            "GitHub answered " + repoUri + " without a default_branch"));
      }
    }
    URI uri = URI.create(repoApi(gh) + "/commits/" + enc(ref) + "/status?per_page=0");
    String sha = json(http.get(uri, apiHeaders(auth)), uri, limits.maxBytes()).path("sha").asString("");
    if (!SHA.matcher(sha).matches()) {
      throw new ProcessingException(ProcessingError.general(
          "GitHub answered " + GithubHttp.redact(uri) + " without a commit sha"));
    }
    return sha;
  }

  private String repoApi(GithubUrl gh) {
    return config.apiBaseUrl() + "/repos/" + enc(gh.owner()) + "/" + enc(gh.repo());
  }

  private static Map<String, String> apiHeaders(@Nullable String auth) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/vnd.github+json");
    if (auth != null) {
      h.put("Authorization", auth);
    }
    return h;
  }

  private JsonNode json(GithubHttp.Answer a, URI uri, long max) {
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + GithubHttp.redact(uri) + ", unexpected 304"));
    }
    byte[] body = GithubHttp.readAll(a, max);
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      throw new ProcessingException(ProcessingError.general(
          "GitHub answered " + GithubHttp.redact(uri) + " with invalid JSON"));
    }
  }

  /** The integration. */
  GithubIntegrationConfig config() {
    return config;
  }

  /** The HTTP helper, shared with the {@link GithubLocationAnalyzer} of the same integration. */
  GithubHttp http() {
    return http;
  }

  /** The Authorization header for a repository of {@code owner}, or null for anonymous. */
  @Nullable String authorization(String owner) {
    return credentials.credentials(owner).map(GithubCredentialsProvider.Credentials::authorization)
        .orElse(null);
  }

  private GithubUrl parse(String url, boolean needsFile) {
    GithubUrl gh = GithubUrl.parse(url);
    if (gh == null || !gh.host().equals(config.host())) {
      throw new ProcessingException(ProcessingError.input(
          "Invalid GitHub URL " + url + " for the integration of " + config.host()
              + "; expected https://" + config.host() + "/<owner>/<repo>/blob/<ref>/<path>"));
    }
    if (needsFile && (gh.ref() == null || gh.path().isEmpty())) {
      throw new ProcessingException(ProcessingError.input(
          "Invalid GitHub file URL " + url + "; expected https://" + config.host()
              + "/<owner>/<repo>/blob/<ref>/<path>"));
    }
    return gh;
  }

  private static String enc(@Nullable String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encPath(String path) {
    StringBuilder sb = new StringBuilder();
    for (String seg : path.split("/")) {
      if (seg.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(enc(seg));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "github{host=" + config.host() + ",authed=" + (config.token() != null || !config.apps().isEmpty()) + "}";
  }
}
