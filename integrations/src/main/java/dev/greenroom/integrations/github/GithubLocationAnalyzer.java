package dev.greenroom.integrations.github;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.ScmLocationAnalyzer;
import dev.greenroom.integrations.ReadLimits;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds a GitHub repository's catalog files for {@code analyze-location}, as Backstage's {@code
 * GithubLocationAnalyzer}: GitHub's code search ({@code GET /search/code?q=filename:catalog-info.yaml
 * extension:yaml repo:<owner>/<repo>}), each hit on the repository's default branch ({@code GET
 * /repos/{owner}/{repo}}). Code search answers nothing for repositories it has not indexed (new
 * ones, forks, many GitHub Enterprise instances) and needs a token; then, and when the URL names a
 * branch, the repository's recursive tree at that branch is listed instead and its files of that
 * name kept. At most {@link ReadLimits#maxTreeFiles()} files (and never more than 1,000) are
 * returned. Credentials and errors are the integration's reader's: they name the host, never a
 * token. Immutable and thread-safe.
 */
public final class GithubLocationAnalyzer implements ScmLocationAnalyzer {
  private static final Logger LOG = LoggerFactory.getLogger(GithubLocationAnalyzer.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DEFAULT_FILE = "catalog-info.yaml";

  private final GithubUrlReader reader;
  private final ReadLimits limits;
  private final int maxFiles;

  private GithubLocationAnalyzer(GithubUrlReader reader, ReadLimits limits) {
    this.reader = reader;
    this.limits = limits;
    this.maxFiles = Math.min(1_000, limits.maxTreeFiles());
  }

  /**
   * The analyzer of one GitHub integration, asking with its reader's credentials.
   *
   * @param reader the integration's reader
   * @param limits the limits of answers
   */
  public static GithubLocationAnalyzer create(GithubUrlReader reader, ReadLimits limits) {
    return new GithubLocationAnalyzer(reader, limits);
  }

  @Override
  public boolean supports(String url) {
    GithubUrl gh = GithubUrl.parse(url);
    return gh != null && gh.host().equals(reader.host()) && reader.config().apiBaseUrl() != null;
  }

  @Override
  public List<String> catalogFiles(String url, @Nullable String catalogFilename) {
    GithubUrl gh = GithubUrl.parse(url);
    if (gh == null || !gh.host().equals(reader.host())) {
      throw new ProcessingException(ProcessingError.input("Invalid GitHub repository URL " + url
          + " for the GitHub integration of " + reader.host()));
    }
    String name = catalogFilename == null ? DEFAULT_FILE : catalogFilename;
    if (name.isBlank() || name.contains("/") || name.contains(" ")) {
      throw new ProcessingException(ProcessingError.input("Invalid catalog file name '" + name + "'"));
    }
    String auth = reader.authorization(gh.owner());
    String scheme = url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT);
    String repoApi = reader.config().apiBaseUrl() + "/repos/" + enc(gh.owner()) + "/" + enc(gh.repo());
    String branch = gh.ref();
    TreeSet<String> paths = new TreeSet<>();
    if (branch == null) {
      // code search indexes the default branch only
      try {
        paths.addAll(search(gh, name, auth));
      } catch (ProcessingException e) {
        LOG.debug("Code search failed for {}, listing the repository instead: {}", url, e.getMessage());
      }
      URI repoUri = URI.create(repoApi);
      branch = json(reader.http().get(repoUri, headers(auth)), repoUri).path("default_branch").asString("");
      if (branch.isEmpty()) {
        throw new ProcessingException(ProcessingError.general(
            "GitHub answered " + repoUri + " without a default_branch"));
      }
    }
    if (paths.isEmpty()) {
      URI treeUri = URI.create(repoApi + "/git/trees/" + enc(branch) + "?recursive=true");
      JsonNode tree = json(reader.http().get(treeUri, headers(auth)), treeUri);
      for (JsonNode item : tree.path("tree")) {
        String path = item.path("path").asString("");
        if (item.path("type").asString("").equals("blob") && basename(path).equals(name)) {
          paths.add(path);
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String path : paths) {
      if (out.size() >= maxFiles) {
        LOG.info("{} holds more than {} files named {}; analyzing the first {}", url, maxFiles, name, maxFiles);
        break;
      }
      out.add(scheme + "://" + gh.host() + "/" + gh.owner() + "/" + gh.repo() + "/blob/" + branch + "/" + path);
    }
    return out;
  }

  private List<String> search(GithubUrl gh, String name, @Nullable String auth) {
    int dot = name.lastIndexOf('.');
    String q = "filename:" + name + (dot > 0 ? " extension:" + name.substring(dot + 1) : "")
        + " repo:" + gh.owner() + "/" + gh.repo();
    URI uri = URI.create(reader.config().apiBaseUrl() + "/search/code?q=" + enc(q) + "&per_page=100");
    JsonNode result = json(reader.http().get(uri, headers(auth)), uri);
    List<String> out = new ArrayList<>();
    for (JsonNode item : result.path("items")) {
      String path = item.path("path").asString("");
      // code search matches file names loosely; keep exact names in this very repository
      String repo = item.path("repository").path("full_name").asString(gh.owner() + "/" + gh.repo());
      if (basename(path).equals(name) && repo.equalsIgnoreCase(gh.owner() + "/" + gh.repo())) {
        out.add(path);
      }
    }
    return out;
  }

  private static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private JsonNode json(GithubHttp.Answer a, URI uri) {
    byte[] body = GithubHttp.readAll(a, limits.maxBytes());
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      throw new ProcessingException(ProcessingError.general(
          "GitHub answered " + GithubHttp.redact(uri) + " with invalid JSON"));
    }
  }

  private static Map<String, String> headers(@Nullable String auth) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/vnd.github+json");
    if (auth != null) {
      h.put("Authorization", auth);
    }
    return h;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String projectSlugAnnotation() {
    return "github.com/project-slug";
  }

  @Override
  public String toString() {
    return "GithubLocationAnalyzer{host=" + reader.host() + "}";
  }
}
