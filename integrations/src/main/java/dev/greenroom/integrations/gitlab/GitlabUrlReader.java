package dev.greenroom.integrations.gitlab;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.Glob;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GitlabIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.internal.TarTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads from one GitLab or self-managed GitLab host, asking what Backstage's {@code
 * GitlabUrlReader} asks:
 *
 * <ul>
 *   <li>{@link #read}: {@code GET {apiBaseUrl}/projects/{group%2Fproject}/repository/files/{path}/raw?ref={ref}}
 *       with {@code If-None-Match}, the project named by its url-encoded path as Backstage's
 *       {@code getGitLabFileFetchUrl} names it (no lookup of its id); 304 is "not modified". A job
 *       artifact ({@code .../-/jobs/artifacts/<ref>/raw/<path>?job=<name>}) is read from {@code
 *       /projects/{path}/jobs/artifacts/<ref>/raw/<path>?job=}, as Backstage does;
 *   <li>{@link #readTree}: the project (its default branch when the URL names no ref), the last
 *       commit of the folder ({@code GET /projects/{id}/repository/commits?ref_name=&path=}), whose
 *       sha is the ETag ("not modified" when unchanged), then {@code GET
 *       /projects/{id}/repository/archive?sha=&path=} (tar.gz) unpacked below the folder;
 *   <li>{@link #search}: a URL without glob characters is read; a glob ({@code
 *       https://gitlab.com/group/project/-/blob/main/**}{@code /catalog-info.yaml}) takes the last
 *       commit of its static part as ETag, lists the recursive tree below it ({@code GET
 *       /projects/{id}/repository/tree?recursive=true&path=&ref=}, 100 entries a page, following
 *       {@code x-next-page}), matches it with catalog-processors' {@link Glob} (node's minimatch)
 *       and reads each match at that commit.
 * </ul>
 *
 * <p>URLs are the project's web URLs below the integration's {@code baseUrl} ({@code
 * https://gitlab.example.com/gitlab/group/sub/project/-/blob/main/catalog-info.yaml} on a host
 * served under {@code /gitlab}). The token goes as {@code Authorization: Bearer}, only to {@code
 * apiBaseUrl}. Unlike Backstage, which reads a glob's whole archive, a glob lists the tree and
 * reads only the matches; and a tree's archive is asked for at the commit whose sha is the ETag,
 * so files and ETag agree. Every answer is bounded by {@link ReadLimits}: a file by {@code maxBytes}, a tree
 * listing by ten times {@code maxTreeFiles} entries, matches and archive files by {@code
 * maxTreeFiles}, their bytes and the uncompressed archive by {@code maxTreeBytes}. Errors name the
 * host and URL, never the token. Immutable and thread-safe.
 */
public final class GitlabUrlReader implements UrlReader {
  private static final Pattern SHA = Pattern.compile("^[0-9a-f]{40}([0-9a-f]{24})?$");
  private final GitlabIntegrationConfig config;
  private final ReadLimits limits;
  private final GitlabApi api;

  private GitlabUrlReader(GitlabIntegrationConfig config, ReadLimits limits, @Nullable Executor executor) {
    this.config = config;
    this.limits = limits;
    this.api = GitlabApi.create(config, limits, executor);
  }

  /**
   * A reader for one integration.
   *
   * @param config the integration (host, API and web base URLs, token)
   * @param limits the limits of every request
   * @param executor the HTTP client's executor, or null for the JDK's
   */
  public static GitlabUrlReader create(GitlabIntegrationConfig config, ReadLimits limits,
      @Nullable Executor executor) {
    return new GitlabUrlReader(config, limits, executor);
  }

  /** The lower-case {@code host[:port]} this reader serves. */
  public String host() {
    return config.host();
  }

  /** The REST client of this reader's integration. */
  public GitlabApi api() {
    return api;
  }

  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    if (url.contains("/-/jobs/artifacts/")) {
      return readArtifact(url, maxBytes);
    }
    GitlabUrl gl = parse(url, true);
    URI uri = api.uri(projectPath(gl) + "/repository/files/" + GitlabApi.enc(gl.path()) + "/raw",
        Map.of("ref", gl.ref()));
    Map<String, String> headers = new LinkedHashMap<>();
    if (etag != null) {
      headers.put("If-None-Match", etag);
    }
    GitlabApi.Answer a;
    try {
      a = api.getRaw(uri, headers);
    } catch (ProcessingException e) {
      if (e.error().name().equals("NotFoundError")) {
        throw new ProcessingException(ProcessingError.notFound(
            url + " could not be read as " + uri + ", 404 Not Found"), e);
      }
      throw e;
    }
    if (a.status() == 304) {
      a.close();
      return ReadResponse.notModified(a.header("ETag").orElse(etag));
    }
    String newEtag = a.header("ETag").orElse(null);
    return ReadResponse.of(GitlabApi.readAll(a, Math.min(maxBytes, limits.maxBytes())), newEtag);
  }

  /**
   * A job artifact's file, as Backstage reads {@code
   * <project web URL>/-/jobs/artifacts/<ref>/raw/<path>?job=<name>}: {@code GET
   * /projects/<path>/jobs/artifacts/<ref>/raw/<path>?job=<name>}, without an ETag.
   */
  private ReadResponse readArtifact(String url, long maxBytes) {
    int at = url.indexOf("/-/jobs/artifacts/");
    int q = url.indexOf('?');
    String rest = url.substring(at + "/-/jobs/artifacts/".length(), q < 0 ? url.length() : q);
    String query = q < 0 ? "" : url.substring(q + 1);
    GitlabUrl project = GitlabUrl.parse(url.substring(0, at), config.baseUrl());
    String[] parts = rest.split("/", -1);
    String job = null;
    for (String kv : query.split("&")) {
      if (kv.startsWith("job=")) {
        job = java.net.URLDecoder.decode(kv.substring(4), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    boolean valid = project != null && project.host().equals(config.host()) && job != null
        && !job.isEmpty() && parts.length >= 3 && !parts[0].isEmpty() && parts[1].equals("raw");
    for (int i = 2; valid && i < parts.length; i++) {
      String p = java.net.URLDecoder.decode(parts[i], java.nio.charset.StandardCharsets.UTF_8);
      valid = !p.isEmpty() && !p.equals("..") && !p.equals(".") && !p.contains("/");
    }
    if (!valid) {
      throw new ProcessingException(ProcessingError.input("Invalid GitLab job artifact URL " + url
          + " for the integration of " + config.host() + "; expected " + config.baseUrl()
          + "/<group>/<project>/-/jobs/artifacts/<ref>/raw/<path>?job=<job>"));
    }
    URI uri = api.uri(projectPath(project) + "/jobs/artifacts/" + String.join("/", parts),
        Map.of("job", job));
    GitlabApi.Answer a = api.getRaw(uri, Map.of());
    return ReadResponse.of(GitlabApi.readAll(a, Math.min(maxBytes, limits.maxBytes())), null);
  }

  @Override
  public ReadTreeResponse readTree(String url, @Nullable String etag) {
    GitlabUrl gl = parse(url, false);
    String project = projectPath(gl);
    String ref = gl.ref() != null ? gl.ref() : defaultBranch(gl);
    String sha = lastCommit(project, ref, gl.path(), url);
    if (sha.equals(etag)) {
      return ReadTreeResponse.notModified(sha);
    }
    List<TreeFile> files = archive(project, sha, gl.path(), p -> true);
    if (files.isEmpty() && !gl.path().isEmpty()) {
      throw new ProcessingException(ProcessingError.notFound(
          "No files found under " + url + " at commit " + sha));
    }
    return ReadTreeResponse.of(files, sha);
  }

  @Override
  public SearchResponse search(String url, @Nullable String etag) {
    GitlabUrl gl = parse(url, false);
    if (!Glob.hasMagic(gl.path())) {
      ReadResponse r = read(url, etag, limits.maxBytes());
      if (r.isNotModified()) {
        return SearchResponse.notModified(r.etag());
      }
      return new SearchResponse(List.of(new FoundFile(url, r.content())), r.etag(), false);
    }
    if (gl.ref() == null) {
      throw invalid(url);
    }
    String project = projectPath(gl);
    String staticPart = staticPart(gl.path());
    String sha = lastCommit(project, gl.ref(), staticPart, url);
    if (sha.equals(etag)) {
      return SearchResponse.notModified(sha);
    }
    Pattern matcher = Glob.compile(gl.path(), false, false);
    String treePath = project + "/repository/tree";
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("recursive", "true");
    q.put("ref", sha);
    q.put("path", staticPart.isEmpty() ? null : staticPart);
    List<String> matches = new ArrayList<>();
    int listed = 0;
    int maxListed = (int) Math.min(Integer.MAX_VALUE, limits.maxTreeFiles() * 10L);
    Integer page = 1;
    while (page != null) {
      q.put("per_page", 100);
      q.put("page", page);
      GitlabApi.Page p = api.page(treePath, q);
      for (JsonNode item : p.items()) {
        listed++;
        String path = item.path("path").asString("");
        if (item.path("type").asString("").equals("blob")
            && !item.path("mode").asString("").equals("120000")
            && matcher.matcher(path).matches()) {
          matches.add(path);
          if (matches.size() > limits.maxTreeFiles()) {
            throw new ProcessingException(ProcessingError.input("The search " + url
                + " matches more than " + limits.maxTreeFiles() + " files, the limit"));
          }
        }
      }
      if (listed > maxListed) {
        throw new ProcessingException(ProcessingError.input("The search " + url + " lists more than "
            + maxListed + " tree entries below '" + staticPart + "', the limit"));
      }
      if (p.nextPage() != null && p.nextPage() <= page) {
        throw new ProcessingException(ProcessingError.general(
            "GitLab answered " + api.uri(treePath, q) + " with a page sequence that does not advance"));
      }
      page = p.nextPage();
    }
    List<FoundFile> found = new ArrayList<>();
    long total = 0;
    for (String path : matches) {
      URI uri = api.uri(project + "/repository/files/" + GitlabApi.enc(path) + "/raw",
          Map.of("ref", sha));
      byte[] content = GitlabApi.readAll(api.getRaw(uri, Map.of()), limits.maxBytes());
      total += content.length;
      if (total > limits.maxTreeBytes()) {
        throw new ProcessingException(ProcessingError.input("The files the search " + url
            + " matches are larger than the limit of " + limits.maxTreeBytes() + " bytes"));
      }
      found.add(new FoundFile(gl.fileUrl(path), content));
    }
    found.sort(Comparator.comparing(FoundFile::url));
    return new SearchResponse(found, sha, false);
  }

  /**
   * The part of a glob before its first segment with glob characters, as Backstage's {@code
   * getStaticPart}: {@code catalog/foo/*.yaml} gives {@code catalog/foo}.
   */
  static String staticPart(String glob) {
    String[] segs = glob.split("/");
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < segs.length - 1; i++) {
      if (Glob.hasMagic(segs[i])) {
        break;
      }
      kept.add(segs[i]);
    }
    return String.join("/", kept);
  }

  private List<TreeFile> archive(String project, String sha, String subpath,
      java.util.function.Predicate<String> filter) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("sha", sha);
    q.put("path", subpath.isEmpty() ? null : subpath);
    URI uri = api.uri(project + "/repository/archive", q);
    GitlabApi.Answer a = api.getRaw(uri, Map.of());
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + uri + ", unexpected 304"));
    }
    long declared = a.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > limits.maxTreeBytes()) {
      a.close();
      throw new ProcessingException(ProcessingError.input("The archive " + uri
          + " is larger than the limit of " + limits.maxTreeBytes() + " bytes"));
    }
    try (InputStream in = a.body()) {
      return TarTrees.read(in, subpath, filter, limits.maxTreeFiles(), limits.maxTreeBytes(),
          uri.toString());
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + uri + ", " + e.getClass().getSimpleName()), e);
    }
  }

  /** The sha of the last commit on {@code ref} that touched {@code path} (all paths when empty). */
  private String lastCommit(String project, String ref, String path, String url) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("ref_name", ref);
    q.put("path", path.isEmpty() ? null : path);
    q.put("per_page", 1);
    GitlabApi.Page commits = api.page(project + "/repository/commits", q);
    if (commits.items().isEmpty()) {
      throw new ProcessingException(ProcessingError.notFound("Failed to read tree from " + url
          + ": no commit on '" + ref + "'" + (path.isEmpty() ? "" : " touches '" + path + "'")));
    }
    String sha = commits.items().get(0).path("id").asString("");
    if (!SHA.matcher(sha).matches()) {
      throw new ProcessingException(ProcessingError.general(
          "GitLab answered " + api.uri(project + "/repository/commits", q)
              + " without a commit sha"));
    }
    return sha;
  }

  /** {@code /projects/group%2Fsub%2Fproject}. */
  private static String projectPath(GitlabUrl gl) {
    return "/projects/" + GitlabApi.enc(gl.project());
  }

  private String defaultBranch(GitlabUrl gl) {
    String b = api.get(projectPath(gl), Map.of()).path("default_branch").asString("");
    if (b.isEmpty()) {
      throw new ProcessingException(ProcessingError.general("The GitLab project " + gl.projectUrl()
          + " has no default branch; name a branch in the URL"));
    }
    return b;
  }

  private GitlabUrl parse(String url, boolean needsFile) {
    GitlabUrl gl = GitlabUrl.parse(url, config.baseUrl());
    if (gl == null || !gl.host().equals(config.host())) {
      throw invalid(url);
    }
    if (needsFile && (gl.ref() == null || gl.path().isEmpty())) {
      throw invalid(url);
    }
    return gl;
  }

  private ProcessingException invalid(String url) {
    return new ProcessingException(ProcessingError.input("Invalid GitLab URL " + url
        + " for the integration of " + config.host() + "; expected " + config.baseUrl()
        + "/<group>/<project>/-/blob/<ref>/<path>"));
  }

  @Override
  public String toString() {
    return "gitlab{host=" + config.host() + ",authed=" + (config.token() != null) + "}";
  }
}
