package dev.greenroom.integrations.bitbucket;

import static dev.greenroom.integrations.bitbucket.Archives.enc;
import static dev.greenroom.integrations.bitbucket.Archives.encPath;
import static dev.greenroom.integrations.bitbucket.BitbucketHttp.webOrigin;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.BitbucketServerIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads from one Bitbucket Server (Data Center) host, asking what Backstage's {@code
 * BitbucketServerUrlReader} asks:
 *
 * <ul>
 *   <li>{@link #read}: {@code GET {apiBaseUrl}/projects/{KEY}/repos/{repo}/raw/{path}?at={ref}}
 *       for {@code https://host/projects/{KEY}/repos/{repo}/browse/{path}?at={ref}}, with {@code
 *       If-None-Match}; 304 is "not modified";
 *   <li>{@link #readTree}: the branch's newest commit ({@code GET
 *       .../branches?filterText={ref}}, the entry whose {@code displayId} is the ref, or {@code GET
 *       .../branches/default} without a ref), "not modified" when its first 12 characters equal
 *       the ETag, else {@code GET .../archive?format=tgz&at={branch}&prefix={KEY}-{repo}&path={path}}
 *       unpacked below the URL's folder; the ETag is the short commit id;
 *   <li>{@link #search}: a URL without {@code *} or {@code ?} is read; a glob is matched against the
 *       repository's archive, each match reported with its own {@code browse} URL (the query, such
 *       as {@code ?at=main}, kept).
 * </ul>
 *
 * <p>Credentials as Backstage sends them: a {@code token} as {@code Authorization: Bearer}, or
 * {@code username} and {@code password} as {@code Basic} (which wins when both are set); sent only
 * to the API and the web host, over the API's scheme. Every answer is bounded by {@link ReadLimits}. Errors name the URL
 * and, for refused credentials, the integration and host, never a secret. Immutable and
 * thread-safe.
 */
public final class BitbucketServerUrlReader implements UrlReader {
  private final BitbucketServerIntegrationConfig config;
  private final BitbucketHttp http;

  private BitbucketServerUrlReader(BitbucketServerIntegrationConfig config, ReadLimits limits,
      @Nullable Executor executor) {
    this.config = config;
    this.http = http(config, limits, executor);
  }

  /** A reader for the integration. */
  public static BitbucketServerUrlReader create(BitbucketServerIntegrationConfig config,
      ReadLimits limits, @Nullable Executor executor) {
    return new BitbucketServerUrlReader(config, limits, executor);
  }

  /** The HTTP client of an integration, with its credentials; the discovery provider uses it too. */
  public static BitbucketHttp http(BitbucketServerIntegrationConfig config, ReadLimits limits,
      @Nullable Executor executor) {
    String auth = null;
    if (config.token() != null) {
      auth = "Bearer " + config.token().reveal();
    }
    if (config.username() != null && config.password() != null) {
      auth = "Basic " + Base64.getEncoder().encodeToString(
          (config.username() + ":" + config.password().reveal()).getBytes(StandardCharsets.UTF_8));
    }
    return new BitbucketHttp("Bitbucket Server integration for " + config.host(), auth,
        List.of(config.apiBaseUrl(), webOrigin(config.apiBaseUrl(), config.host())),
        limits, executor);
  }

  /** The lower-case {@code host[:port]} this reader serves. */
  public String host() {
    return config.host();
  }

  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    BitbucketUrl bb = parse(url);
    if (bb.path().isEmpty()) {
      throw new ProcessingException(ProcessingError.input("Invalid Bitbucket Server file URL " + url
          + "; expected https://" + config.host() + "/projects/<KEY>/repos/<repo>/browse/<path>?at=<ref>"));
    }
    URI uri = URI.create(repoApi(bb) + "/raw/" + encPath(bb.path())
        + (bb.ref() == null ? "" : "?at=" + enc(bb.ref())));
    Map<String, String> headers = new LinkedHashMap<>();
    if (etag != null) {
      headers.put("If-None-Match", etag);
    }
    BitbucketHttp.Answer a = http.get(uri, headers);
    if (a.status() == 304) {
      a.close();
      return ReadResponse.notModified(a.header("ETag").orElse(etag));
    }
    String newEtag = a.header("ETag").orElse(null);
    return ReadResponse.of(
        BitbucketHttp.readAll(a, Math.min(maxBytes, http.limits().maxBytes())), newEtag);
  }

  @Override
  public ReadTreeResponse readTree(String url, @Nullable String etag) {
    BitbucketUrl bb = parse(url);
    return tree(bb, etag, p -> true, bb.path(), url);
  }

  private ReadTreeResponse tree(BitbucketUrl bb, @Nullable String etag, Predicate<String> filter,
      String subpath, String url) {
    String[] branchAndCommit = lastCommit(bb);
    String branch = branchAndCommit[0];
    String commit = branchAndCommit[1];
    String shortHash = commit.substring(0, Math.min(12, commit.length()));
    if (shortHash.equals(etag)) {
      return ReadTreeResponse.notModified(shortHash);
    }
    URI archive = URI.create(repoApi(bb) + "/archive?format=tgz&at=" + enc(branch) + "&prefix="
        + enc(bb.owner() + "-" + bb.repo()) + (subpath.isEmpty() ? "" : "&path=" + enc(subpath)));
    List<TreeFile> files = Archives.tarGz(http, archive, subpath, filter);
    if (files.isEmpty() && !subpath.isEmpty()) {
      throw new ProcessingException(ProcessingError.notFound(
          "No files found under " + url + " at commit " + shortHash));
    }
    return ReadTreeResponse.of(files, shortHash);
  }

  @Override
  public SearchResponse search(String url, @Nullable String etag) {
    BitbucketUrl bb = parse(url);
    if (!bb.isGlob()) {
      ReadResponse r = read(url, etag, http.limits().maxBytes());
      if (r.isNotModified()) {
        return SearchResponse.notModified(r.etag());
      }
      return new SearchResponse(List.of(new FoundFile(url, r.content())), r.etag(), false);
    }
    ReadTreeResponse tree = tree(bb, etag, Archives.glob(bb.path()), "", url);
    if (tree.notModified()) {
      return SearchResponse.notModified(tree.etag());
    }
    int q = url.indexOf('?');
    String query = q < 0 ? "" : url.substring(q).replaceFirst("#.*$", "");
    List<FoundFile> found = new ArrayList<>();
    for (TreeFile f : tree.files()) {
      found.add(new FoundFile(bb.scheme() + "://" + config.host() + repoPath(bb) + "/" + bb.type()
          + "/" + f.path() + query, f.content()));
    }
    return new SearchResponse(found, tree.etag(), false);
  }

  /** {branch displayId, latest commit id}. */
  private String[] lastCommit(BitbucketUrl bb) {
    String ref = bb.ref();
    URI uri = URI.create(repoApi(bb) + "/branches"
        + (ref == null ? "/default" : "?filterText=" + enc(ref)));
    JsonNode answer = http.json(uri);
    JsonNode branch = null;
    if (ref == null) {
      branch = answer;
    } else {
      for (JsonNode b : answer.path("values")) {
        if (ref.equals(b.path("displayId").asString(""))) {
          branch = b;
          break;
        }
      }
    }
    String commit = branch == null ? "" : branch.path("latestCommit").asString("");
    String name = branch == null ? "" : branch.path("displayId").asString("");
    if (!commit.matches("[0-9a-f]{7,64}") || name.isEmpty()) {
      throw new ProcessingException(ProcessingError.notFound("Failed to find Last Commit using "
          + (ref == null ? "default branch" : "branch \"" + ref + "\"") + " in response from "
          + uri + " (" + http.integration() + ")"));
    }
    return new String[] {name, commit};
  }

  private static String repoPath(BitbucketUrl bb) {
    return (bb.owner().startsWith("~") ? "/users/" + enc(bb.owner().substring(1))
        : "/projects/" + enc(bb.owner())) + "/repos/" + enc(bb.repo());
  }

  private String repoApi(BitbucketUrl bb) {
    return config.apiBaseUrl() + "/projects/" + enc(bb.owner()) + "/repos/" + enc(bb.repo());
  }

  private BitbucketUrl parse(String url) {
    BitbucketUrl bb = BitbucketUrl.parseServer(url);
    if (bb == null || !bb.host().equals(config.host())) {
      throw new ProcessingException(ProcessingError.input("Invalid Bitbucket Server URL " + url
          + " for the integration of " + config.host() + "; expected https://" + config.host()
          + "/projects/<KEY>/repos/<repo>/browse/<path>?at=<ref>"));
    }
    return bb;
  }

  @Override
  public String toString() {
    return "bitbucketServer{host=" + config.host() + ",authed="
        + (config.token() != null || config.password() != null) + "}";
  }
}
