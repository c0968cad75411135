package dev.greenroom.integrations.azure;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.Glob;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.AzureIntegrationConfig;
import dev.greenroom.integrations.AzureIntegrationConfig.Credential;
import dev.greenroom.integrations.AzureIntegrationConfig.Kind;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.internal.ScmHttp;
import dev.greenroom.integrations.internal.ZipTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Clock;
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
 * Reads from one Azure DevOps host (cloud {@code dev.azure.com} or a server), asking what
 * Backstage's {@code AzureUrlReader} asks:
 *
 * <ul>
 *   <li>{@link #read}: {@code GET .../_apis/git/repositories/{repo}/items?api-version=&path=&version=}
 *       for {@code https://dev.azure.com/{org}/{project}/_git/{repo}?path=/a.yaml&version=GBmain};
 *       {@code If-None-Match} with an earlier ETag, 304 is "not modified";
 *   <li>{@link #readTree}: the newest commit of the branch ({@code GET
 *       .../commits?searchCriteria.itemVersion.version=}), "not modified" when it equals the ETag,
 *       else the folder as a zip ({@code GET .../items?recursionLevel=full&download=true&$format=zip&scopePath=}
 *       with {@code Accept: application/zip}) read with {@link ZipTrees}' limits; the ETag is the
 *       commit id;
 *   <li>{@link #search}: a {@code path} without glob characters is read; a glob ({@code
 *       path=/**}{@code /catalog-info.yaml}) is matched against the tree read as a zip, as
 *       Backstage does, scoped to the folders before the glob's first wildcard ({@code
 *       path=/services/**}{@code /catalog-info.yaml} downloads {@code /services} only).
 * </ul>
 *
 * <p>Credentials: the credential whose {@code organizations} name the URL's organisation, else the
 * credential without organisations: a personal access token is sent as {@code Basic base64(":" +
 * token)}; a client secret ({@code tenantId}, {@code clientId}, {@code clientSecret}) is exchanged
 * at Entra ID for an access token (cached until shortly before it expires) sent as {@code Bearer};
 * a managed identity needs the Azure instance metadata service, which this reader does not call,
 * so a URL it would serve fails with an error saying so. Azure answers a refused token on a private repository with 203 and a sign-in page;
 * that is reported as refused credentials, naming the host, never the token. Immutable and
 * thread-safe.
 */
public final class AzureUrlReader implements UrlReader {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern COMMIT = Pattern.compile("^[0-9a-f]{40}$");

  /** Microsoft Entra ID's public cloud authority. */
  public static final String ENTRA_AUTHORITY = "https://login.microsoftonline.com";

  private final AzureIntegrationConfig config;
  private final ReadLimits limits;
  private final ScmHttp http;
  private final Map<Credential, EntraTokens> entra = new java.util.IdentityHashMap<>();

  private AzureUrlReader(AzureIntegrationConfig config, ReadLimits limits, Clock clock,
      String authority, @Nullable Executor executor) {
    this.config = config;
    this.limits = limits;
    this.http = new ScmHttp("Azure integration for " + config.host(), limits, executor);
    for (Credential c : config.credentials()) {
      if (c.kind() == Kind.ClientSecret) {
        entra.put(c, new EntraTokens(c, authority, http, clock, limits.maxBytes()));
      }
    }
  }

  /**
   * A reader for one {@code integrations.azure} entry, with Entra ID's public cloud.
   *
   * @param config the integration
   * @param limits the limits of every request and archive
   * @param executor the HTTP client's executor, or null for the JDK's
   */
  public static AzureUrlReader create(AzureIntegrationConfig config, ReadLimits limits,
      @Nullable Executor executor) {
    return create(config, limits, Clock.systemUTC(), ENTRA_AUTHORITY, executor);
  }

  /**
   * A reader for one {@code integrations.azure} entry.
   *
   * @param config the integration
   * @param limits the limits of every request and archive
   * @param clock the clock of Entra ID token expiry
   * @param authority Entra ID's authority for {@code clientSecret} credentials ({@link
   *     #ENTRA_AUTHORITY}, or a national cloud's)
   * @param executor the HTTP client's executor, or null for the JDK's
   */
  public static AzureUrlReader create(AzureIntegrationConfig config, ReadLimits limits, Clock clock,
      String authority, @Nullable Executor executor) {
    return new AzureUrlReader(config, limits, clock, authority, executor);
  }

  /** The lower-case {@code host[:port]} this reader serves. */
  public String host() {
    return config.host();
  }

  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    AzureUrl az = parse(url);
    URI uri;
    try {
      uri = az.fileUrl(config.apiVersion());
    } catch (IllegalArgumentException e) {
      throw new ProcessingException(ProcessingError.input(
          "Invalid Azure URL " + url + ": " + e.getMessage()));
    }
    Map<String, String> headers = headers(az, url);
    if (etag != null) {
      headers.put("If-None-Match", etag);
    }
    ScmHttp.Answer a = http.get(uri, headers, url);
    if (a.status() == 304) {
      a.close();
      return ReadResponse.notModified(a.header("ETag").orElse(etag));
    }
    refusedAsSignIn(a, url);
    return ReadResponse.of(http.readAll(a, Math.min(maxBytes, limits.maxBytes()), url),
        a.header("ETag").orElse(null));
  }

  @Override
  public ReadTreeResponse readTree(String url, @Nullable String etag) {
    AzureUrl az = parse(url);
    String commit = latestCommit(az, url);
    if (commit.equals(etag)) {
      return ReadTreeResponse.notModified(commit);
    }
    // Azure puts the folder asked for as the zip's top folder: /a/b/c.txt read at /a/b is b/c.txt
    String top = "";
    if (az.path() != null) {
      String[] segs = az.path().replaceAll("^/+|/+$", "").split("/");
      top = segs[segs.length - 1];
    }
    List<TreeFile> files = zip(az, url, top, p -> true);
    if (files.isEmpty() && az.path() != null && !az.path().replaceAll("/", "").isEmpty()) {
      throw new ProcessingException(ProcessingError.notFound(
          "No files found under " + url + " at commit " + commit));
    }
    return ReadTreeResponse.of(files, commit);
  }

  @Override
  public SearchResponse search(String url, @Nullable String etag) {
    AzureUrl az = parse(url);
    if (az.path() == null || !Glob.hasMagic(az.path())) {
      ReadResponse r = read(url, etag, limits.maxBytes());
      if (r.isNotModified()) {
        return SearchResponse.notModified(r.etag());
      }
      return new SearchResponse(List.of(new FoundFile(url, r.content())), r.etag(), false);
    }
    // the folders before the first glob segment scope the zip: only that folder is downloaded
    String[] segs = az.path().replaceAll("^/+", "").split("/");
    int fixed = 0;
    while (fixed < segs.length - 1 && !Glob.hasMagic(segs[fixed]) && !segs[fixed].isEmpty()) {
      fixed++;
    }
    String folder = String.join("/", java.util.Arrays.copyOfRange(segs, 0, fixed));
    Pattern matcher = Glob.compile(String.join("/", java.util.Arrays.copyOfRange(segs, fixed, segs.length)),
        false, false);
    AzureUrl scope = new AzureUrl(az.origin(), az.visualStudio(), az.owner(), az.project(),
        az.repo(), folder.isEmpty() ? null : "/" + folder, az.ref());
    String commit = latestCommit(scope, url);
    if (commit.equals(etag)) {
      return SearchResponse.notModified(commit);
    }
    List<FoundFile> found = new ArrayList<>();
    String top = fixed == 0 ? "" : segs[fixed - 1];
    String prefix = folder.isEmpty() ? "/" : "/" + folder + "/";
    for (TreeFile f : zip(scope, url, top, p -> matcher.matcher(p).matches())) {
      found.add(new FoundFile(az.withPath(url, prefix + f.path()), f.content()));
    }
    found.sort(Comparator.comparing(FoundFile::url));
    return new SearchResponse(found, commit, false);
  }

  private List<TreeFile> zip(AzureUrl az, String url, String top, Predicate<String> filter) {
    URI uri = az.archiveUrl(config.apiVersion());
    Map<String, String> headers = headers(az, url);
    headers.put("Accept", "application/zip");
    ScmHttp.Answer a = http.get(uri, headers, url);
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Unable to read " + url + " with the " + http.integration() + ", unexpected 304"));
    }
    refusedAsSignIn(a, url);
    long declared = a.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > limits.maxTreeBytes()) {
      a.close();
      throw new ProcessingException(ProcessingError.input("The archive of " + url
          + " is larger than the limit of " + limits.maxTreeBytes() + " bytes"));
    }
    try (InputStream in = a.body()) {
      return ZipTrees.read(in, top, filter, limits.maxTreeFiles(), limits.maxTreeBytes(),
          ScmHttp.redact(uri));
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ", " + e.getClass().getSimpleName()), e);
    }
  }

  private String latestCommit(AzureUrl az, String url) {
    URI uri = az.commitsUrl(config.apiVersion());
    ScmHttp.Answer a = http.get(uri, headers(az, url), url);
    refusedAsSignIn(a, url);
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Unable to read " + url + " with the " + http.integration() + ", unexpected 304"));
    }
    JsonNode body;
    try {
      body = JSON.readTree(http.readAll(a, limits.maxBytes(), url));
    } catch (RuntimeException e) {
      if (e instanceof ProcessingException p) {
        throw p;
      }
      throw new ProcessingException(ProcessingError.general("Failed to read tree from " + url
          + ", the " + http.integration() + " answered " + ScmHttp.redact(uri) + " with invalid JSON"));
    }
    String commit = body.path("value").path(0).path("commitId").asString("");
    if (!COMMIT.matcher(commit).matches()) {
      throw new ProcessingException(ProcessingError.notFound("Failed to read tree from " + url
          + ", the " + http.integration() + " lists no commit for "
          + (az.ref() == null ? "the default branch" : "branch " + az.ref())));
    }
    return commit;
  }

  /** Azure answers 203 with a sign-in page when a token is refused on a private repository. */
  private void refusedAsSignIn(ScmHttp.Answer a, String url) {
    if (a.status() == 203) {
      a.close();
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + " with the "
          + http.integration() + ", 203 Non-Authoritative Information (a sign-in page: the"
          + " credentials of the " + http.integration() + " were refused or are missing)"));
    }
  }

  private Map<String, String> headers(AzureUrl az, String url) {
    Map<String, String> h = new LinkedHashMap<>();
    Credential c = credential(az.owner());
    if (c == null) {
      return h;
    }
    if (c.kind() == Kind.ClientSecret) {
      h.put("Authorization", "Bearer " + entra.get(c).token(url));
    } else if (c.kind() == Kind.PersonalAccessToken && c.personalAccessToken() != null) {
      String basic = Base64.getEncoder().encodeToString(
          (":" + c.personalAccessToken().reveal()).getBytes(StandardCharsets.UTF_8));
      h.put("Authorization", "Basic " + basic);
    } else {
      throw new ProcessingException(ProcessingError.notAllowed("Unable to read " + url
          + " with the " + http.integration() + ": its credential for organization '"
          + az.owner() + "' is a " + c.kind() + " credential (a managed identity's token comes from"
          + " the Azure instance metadata service, which Greenroom does not call); configure a"
          + " personalAccessToken or a clientSecret"));
    }
    return h;
  }

  /**
   * The {@code Authorization} header this integration sends for an organisation, as Backstage's
   * {@code DefaultAzureDevOpsCredentialsProvider} gives it for {@code https://<host>/<org>}: Basic
   * with the organisation's personal access token, Bearer with an Entra ID token for a client
   * secret, none for anonymous access. For callers of other Azure DevOps APIs (the catalog's code
   * search); the value is a secret and must never be logged.
   *
   * @param organization the organisation
   * @param what the URL or request named in errors
   * @throws ProcessingException when the credential cannot be used (a managed identity, a
   *     refused client secret)
   */
  public Map<String, String> credentialHeaders(String organization, String what) {
    Map<String, String> h = new LinkedHashMap<>();
    Credential c = credential(organization);
    if (c == null) {
      return h;
    }
    if (c.kind() == Kind.ClientSecret) {
      h.put("Authorization", "Bearer " + entra.get(c).token(what));
    } else if (c.kind() == Kind.PersonalAccessToken && c.personalAccessToken() != null) {
      h.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (":" + c.personalAccessToken().reveal()).getBytes(StandardCharsets.UTF_8)));
    } else {
      throw new ProcessingException(ProcessingError.notAllowed("Unable to call " + what
          + " with the " + http.integration() + ": its credential for organization '"
          + organization + "' is a " + c.kind() + " credential, which Greenroom cannot use;"
          + " configure a personalAccessToken or a clientSecret"));
    }
    return h;
  }

  /** As Backstage's credentials provider: the organisation's credential, else the default one. */
  private @Nullable Credential credential(String owner) {
    String org = owner.contains("/") ? owner.substring(owner.lastIndexOf('/') + 1) : owner;
    Credential fallback = null;
    for (Credential c : config.credentials()) {
      if (c.organizations().contains(org) || c.organizations().contains(owner)) {
        return c;
      }
      if (c.organizations().isEmpty()) {
        fallback = c;
      }
    }
    return fallback;
  }

  private AzureUrl parse(String url) {
    AzureUrl az;
    try {
      az = AzureUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ProcessingException(ProcessingError.input("Invalid Azure URL " + url + " for the "
          + http.integration() + ": " + e.getMessage()
          + "; expected https://" + config.host() + "/<org>/<project>/_git/<repo>?path=<path>"));
    }
    String host = URI.create(az.origin()).getRawAuthority();
    if (!host.equals(config.host())) {
      throw new ProcessingException(ProcessingError.input(
          "The URL " + url + " is not on the " + http.integration()));
    }
    return az;
  }

  @Override
  public String toString() {
    return "azure{host=" + config.host() + ",authed=" + !config.credentials().isEmpty() + "}";
  }
}
