package dev.greenroom.integrations.bitbucket;

import static dev.greenroom.integrations.bitbucket.Archives.enc;
import static dev.greenroom.integrations.bitbucket.Archives.encPath;
import static dev.greenroom.integrations.bitbucket.BitbucketHttp.webOrigin;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.BitbucketCloudIntegrationConfig;
import dev.greenroom.integrations.IntegrationException;
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
 * Reads from Bitbucket Cloud, asking what Backstage's {@code BitbucketCloudUrlReader} asks:
 *
 * <ul>
 *   <li>{@link #read}: {@code GET {apiBaseUrl}/repositories/{workspace}/{repo}/src/{ref}/{path}}
 *       for {@code https://bitbucket.org/{workspace}/{repo}/src/{ref}/{path}}, with {@code
 *       If-None-Match}; 304 is "not modified";
 *   <li>{@link #readTree}: the branch (the URL's, else {@code mainbranch.name} of {@code GET
 *       /repositories/{workspace}/{repo}}), its newest commit ({@code GET
 *       /repositories/{workspace}/{repo}/commits/{branch}}, {@code values[0].hash}), "not
 *       modified" when the first 12 characters of the hash equal the ETag, else the archive
 *       {@code https://bitbucket.org/{workspace}/{repo}/get/{hash}.tar.gz} unpacked below the URL's
 *       folder; the ETag is the short hash;
 *   <li>{@link #search}: a URL without {@code *} or {@code ?} is read; a glob is matched against the
 *       repository's archive, each match reported with its own {@code src} URL.
 * </ul>
 *
 * <p>Credentials as Backstage sends them: {@code username} with a {@code token} (or, until
 * Atlassian retires them, an {@code appPassword}) as {@code Authorization: Basic}; a token without
 * a username as {@code Bearer}; sent only to the API and the web host, over the API's scheme. Every answer is bounded by
 * {@link ReadLimits}. Errors name the URL and, for refused credentials, the integration and host,
 * never a secret. Immutable and thread-safe.
 */
public final class BitbucketCloudUrlReader implements UrlReader {
  private final BitbucketCloudIntegrationConfig config;
  private final BitbucketHttp http;

  private BitbucketCloudUrlReader(BitbucketCloudIntegrationConfig config, ReadLimits limits,
      @Nullable Executor executor) {
    this.config = config;
    this.http = http(config, limits, executor);
  }

  /**
   * A reader for the integration.
   *
   * @throws IntegrationException when a username is configured without a token or app password
   */
  public static BitbucketCloudUrlReader create(BitbucketCloudIntegrationConfig config,
      ReadLimits limits, @Nullable Executor executor) {
    return new BitbucketCloudUrlReader(config, limits, executor);
  }

  /**
   * The HTTP client of an integration, with its credentials; the discovery provider uses it too.
   *
   * @throws IntegrationException when a username is configured without a token or app password
   */
  public static BitbucketHttp http(BitbucketCloudIntegrationConfig config, ReadLimits limits,
      @Nullable Executor executor) {
    String name = "Bitbucket Cloud integration for " + config.host();
    String auth = null;
    if (config.username() != null) {
      var secret = config.token() != null ? config.token() : config.appPassword();
      if (secret == null) {
        throw new IntegrationException(name + " has configured a username but is missing a"
            + " required token or appPassword");
      }
      auth = "Basic " + Base64.getEncoder().encodeToString(
          (config.username() + ":" + secret.reveal()).getBytes(StandardCharsets.UTF_8));
    } else if (config.token() != null) {
      auth = "Bearer " + config.token().reveal();
    }
    return new BitbucketHttp(name, auth,
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
    if (bb.ref() == null || bb.path().isEmpty()) {
      throw new ProcessingException(ProcessingError.input("Invalid Bitbucket Cloud file URL " + url
          + "; expected https://" + config.host() + "/<workspace>/<repo>/src/<ref>/<path>"));
    }
    URI uri = URI.create(repoApi(bb) + "/src/" + enc(bb.ref()) + "/" + encPath(bb.path()));
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
    String branch = bb.ref() != null ? bb.ref() : defaultBranch(bb);
    String hash = lastCommit(bb, branch);
    String shortHash = hash.substring(0, Math.min(12, hash.length()));
    if (shortHash.equals(etag)) {
      return ReadTreeResponse.notModified(shortHash);
    }
    URI archive = URI.create(bb.scheme() + "://" + config.host() + "/" + enc(bb.owner()) + "/"
        + enc(bb.repo()) + "/get/" + enc(hash) + ".tar.gz");
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
    List<FoundFile> found = new ArrayList<>();
    for (TreeFile f : tree.files()) {
      found.add(new FoundFile(bb.scheme() + "://" + config.host() + "/" + bb.owner() + "/"
          + bb.repo() + "/" + bb.type() + "/" + bb.ref() + "/" + f.path(), f.content()));
    }
    return new SearchResponse(found, tree.etag(), false);
  }

  private String defaultBranch(BitbucketUrl bb) {
    URI uri = URI.create(repoApi(bb));
    String name = http.json(uri).path("mainbranch").path("name").asString("");
    if (name.isEmpty()) {
      throw new ProcessingException(ProcessingError.general(
          "Failed to read default branch from " + uri + " (" + http.integration() + ")"));
    }
    return name;
  }

  private String lastCommit(BitbucketUrl bb, String branch) {
    URI uri = URI.create(repoApi(bb) + "/commits/" + enc(branch) + "?pagelen=1");
    JsonNode values = http.json(uri).path("values");
    String hash = values.isArray() && !values.isEmpty() ? values.get(0).path("hash").asString("") : "";
    if (!hash.matches("[0-9a-f]{7,64}")) {
      throw new ProcessingException(ProcessingError.general(
          "Failed to read response from " + uri + ": no commit hash (" + http.integration() + ")"));
    }
    return hash;
  }

  private String repoApi(BitbucketUrl bb) {
    return config.apiBaseUrl() + "/repositories/" + enc(bb.owner()) + "/" + enc(bb.repo());
  }

  private BitbucketUrl parse(String url) {
    BitbucketUrl bb = BitbucketUrl.parseCloud(url);
    if (bb == null || !bb.host().equals(config.host())) {
      throw new ProcessingException(ProcessingError.input("Invalid Bitbucket Cloud URL " + url
          + " for the integration of " + config.host() + "; expected https://" + config.host()
          + "/<workspace>/<repo>/src/<ref>/<path>"));
    }
    return bb;
  }

  @Override
  public String toString() {
    return "bitbucketCloud{host=" + config.host() + ",authed="
        + (config.username() != null || config.token() != null) + "}";
  }
}
