package dev.greenroom.integrations;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.ScmLocationAnalyzer;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.azure.AzureLocationAnalyzer;
import dev.greenroom.integrations.azure.AzureUrlReader;
import dev.greenroom.integrations.gerrit.GerritUrlReader;
import dev.greenroom.integrations.gitea.GiteaUrlReader;
import dev.greenroom.integrations.github.GithubLocationAnalyzer;
import dev.greenroom.integrations.bitbucket.BitbucketCloudUrlReader;
import dev.greenroom.integrations.bitbucket.BitbucketServerUrlReader;
import dev.greenroom.integrations.github.GithubCredentialsProvider;
import dev.greenroom.integrations.github.GithubUrlReader;
import dev.greenroom.integrations.gitlab.GitlabUrlReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The entry point of SCM integrations (Backstage's {@code ScmIntegrations} plus its URL reader
 * factories): built from the {@code integrations} config, it holds the parsed {@link
 * IntegrationsConfig} and one {@link UrlReader} that picks the reader of a URL's host — the
 * {@link GithubUrlReader} of a GitHub integration, the {@link BitbucketCloudUrlReader} or {@link
 * BitbucketServerUrlReader} of a Bitbucket one, the {@link GitlabUrlReader} of a GitLab one,
 * {@link AzureUrlReader}, {@link GerritUrlReader} (by its Gitiles host) or {@link GiteaUrlReader}
 * — and hands every other URL to the host's
 * fallback (usually catalog-processors' {@code HttpUrlReader} with {@code backend.reading.allow}).
 * As in Backstage, a host with an integration is readable without being on the allow-list.
 *
 * <pre>{@code
 * ScmIntegrations scm = ScmIntegrations.builder()
 *     .config(appConfig.path("integrations"))
 *     .fallback(HttpUrlReader.builder().allow(allowList).build())
 *     .build();
 * CatalogEngine.builder().urlReader(scm.urlReader())...
 * }</pre>
 *
 * <p>Hosts without a reader of their own go to the fallback. When two integrations claim one host,
 * the first type in the order above wins. Immutable and thread-safe.
 */
public final class ScmIntegrations {
  private final IntegrationsConfig config;
  private final Map<String, UrlReader> readersByHost;
  private final Map<String, GithubCredentialsProvider> githubCredentials;
  private final Map<String, GitlabUrlReader> gitlab;
  private final UrlReader reader;
  private final List<ScmLocationAnalyzer> analyzers;

  private ScmIntegrations(Builder b) {
    this.config = b.config;
    Map<String, UrlReader> readers = new LinkedHashMap<>();
    Map<String, GithubCredentialsProvider> credentials = new LinkedHashMap<>();
    for (GithubIntegrationConfig g : config.github()) {
      GithubUrlReader r = GithubUrlReader.create(g, b.limits, b.clock, b.executor);
      readers.put(g.host(), r);
      credentials.put(g.host(), r.credentials());
    }
    for (BitbucketCloudIntegrationConfig c : config.bitbucketCloud()) {
      readers.putIfAbsent(c.host(), BitbucketCloudUrlReader.create(c, b.limits, b.executor));
    }
    for (BitbucketServerIntegrationConfig s : config.bitbucketServer()) {
      readers.putIfAbsent(s.host(), BitbucketServerUrlReader.create(s, b.limits, b.executor));
    }
    Map<String, GitlabUrlReader> gl = new LinkedHashMap<>();
    for (GitlabIntegrationConfig g : config.gitlab()) {
      GitlabUrlReader r = GitlabUrlReader.create(g, b.limits, b.executor);
      gl.put(g.host(), r);
      readers.putIfAbsent(g.host(), r);
    }
    this.gitlab = Map.copyOf(gl);
    for (AzureIntegrationConfig a : config.azure()) {
      readers.putIfAbsent(a.host(), AzureUrlReader.create(a, b.limits, b.clock, b.entraAuthority, b.executor));
    }
    for (GerritIntegrationConfig g : config.gerrit()) {
      GerritUrlReader r = GerritUrlReader.create(g, b.limits, b.executor);
      readers.putIfAbsent(r.host(), r); // Backstage routes Gerrit by its Gitiles host
    }
    for (GiteaIntegrationConfig g : config.gitea()) {
      readers.putIfAbsent(g.host(), GiteaUrlReader.create(g, b.limits, b.executor));
    }
    this.readersByHost = Map.copyOf(readers);
    this.githubCredentials = Map.copyOf(credentials);
    this.reader = new HostRoutingReader(readersByHost, b.fallback);
    List<ScmLocationAnalyzer> a = new ArrayList<>();
    for (GithubIntegrationConfig g : config.github()) {
      if (readers.get(g.host()) instanceof GithubUrlReader gh && g.apiBaseUrl() != null) {
        a.add(GithubLocationAnalyzer.create(gh, b.limits));
      }
    }
    // Backstage proposes Components with a slug annotation chosen by integration type
    config.gitlab().forEach(g -> a.add(new ProposingAnalyzer(g.host(), "gitlab.com/project-slug")));
    for (AzureIntegrationConfig z : config.azure()) {
      if (readers.get(z.host()) instanceof AzureUrlReader az) {
        a.add(AzureLocationAnalyzer.create(az));
      }
    }
    config.bitbucketCloud().forEach(c -> a.add(new ProposingAnalyzer(c.host(), "bitbucket.org/project-slug")));
    config.bitbucketServer().forEach(c -> a.add(new ProposingAnalyzer(c.host(), "bitbucket.org/project-slug")));
    this.analyzers = List.copyOf(a);
  }

  /** A builder with Backstage's default integrations and a fallback that refuses everything. */
  public static Builder builder() {
    return new Builder();
  }

  /** The parsed config. */
  public IntegrationsConfig config() {
    return config;
  }

  /** The lower-case {@code host[:port]}s that have a reader of their own. */
  public Set<String> readableHosts() {
    return readersByHost.keySet();
  }

  /** The reader of one host, if it has an integration with a reader. */
  public Optional<UrlReader> readerFor(String host) {
    return Optional.ofNullable(readersByHost.get(host.toLowerCase(Locale.ROOT)));
  }

  /**
   * The analyzers for the catalog's {@code analyze-location} ({@code
   * HttpApi.builder().locationAnalyzers(..)}): a {@link GithubLocationAnalyzer} per GitHub
   * integration with an API (code search, then the repository tree), an {@link
   * AzureLocationAnalyzer} per Azure integration (a glob search of the repository), and for GitLab
   * and Bitbucket integrations one that finds no files but gives a proposed Component Backstage's
   * {@code <type>/project-slug} annotation.
   */
  public List<ScmLocationAnalyzer> locationAnalyzers() {
    return analyzers;
  }

  /**
   * The credentials of the GitHub integration of {@code host} ({@code host[:port]}, any case),
   * shared with its reader (one App token cache), for providers that call GitHub's API.
   */
  public Optional<GithubCredentialsProvider> githubCredentials(String host) {
    return Optional.ofNullable(githubCredentials.get(host.toLowerCase(Locale.ROOT)));
  }

  /**
   * The REST client of the GitLab integration of {@code host} (with this instance's limits and
   * executor), for GitLab's catalog providers.
   */
  public Optional<dev.greenroom.integrations.gitlab.GitlabApi> gitlabApi(String host) {
    GitlabUrlReader r = gitlab.get(host.toLowerCase(Locale.ROOT));
    return r == null ? Optional.empty() : Optional.of(r.api());
  }

  /**
   * The reader for every URL: by the URL's {@code host[:port]}, an integration's reader, else the
   * fallback.
   */
  public UrlReader urlReader() {
    return reader;
  }

  @Override
  public String toString() {
    return "ScmIntegrations" + readersByHost.values();
  }

  /** Settings of {@link ScmIntegrations}; each is checked when set. */
  public static final class Builder {
    private IntegrationsConfig config = IntegrationsConfig.defaults();
    private UrlReader fallback = new RefusingReader();
    private ReadLimits limits = ReadLimits.DEFAULTS;
    private Clock clock = Clock.systemUTC();
    private @Nullable Executor executor;
    private String entraAuthority = AzureUrlReader.ENTRA_AUTHORITY;

    private Builder() {}

    /**
     * Microsoft Entra ID's authority for Azure {@code clientSecret} credentials; the public cloud's
     * ({@code https://login.microsoftonline.com}) by default, a national cloud's otherwise.
     */
    public Builder entraAuthority(String url) {
      java.net.URI u = java.net.URI.create(Objects.requireNonNull(url, "url"));
      if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
        throw new IllegalArgumentException("entraAuthority must be an http(s) URL, got " + url);
      }
      this.entraAuthority = url;
      return this;
    }

    /**
     * The {@code integrations} subtree of the app config (missing or null: defaults only).
     *
     * @throws IntegrationException naming the key when a value has the wrong shape
     */
    public Builder config(JsonNode integrations) {
      this.config = IntegrationsConfig.parse(Objects.requireNonNull(integrations, "integrations"));
      return this;
    }

    /** An already parsed config. */
    public Builder config(IntegrationsConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The reader of hosts without an integration; by default every such URL is refused. */
    public Builder fallback(UrlReader fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /** Limits of the integrations' readers; {@link ReadLimits#DEFAULTS} by default. */
    public Builder limits(ReadLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The clock of token expiry (GitHub Apps, Entra ID); the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The executor of the HTTP clients; the JDK's default when not set. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The integrations.
     *
     * @throws IntegrationException when an integration cannot be used (a GitHub App key that is
     *     not an RSA key, a GitHub host without API and raw base URLs)
     */
    public ScmIntegrations build() {
      return new ScmIntegrations(this);
    }
  }

  /** Picks a reader by host. */
  private static final class HostRoutingReader implements UrlReader {
    private final Map<String, UrlReader> byHost;
    private final UrlReader fallback;

    HostRoutingReader(Map<String, UrlReader> byHost, UrlReader fallback) {
      this.byHost = byHost;
      this.fallback = fallback;
    }

    private UrlReader pick(String url) {
      String host = hostOf(url);
      UrlReader r = host == null ? null : byHost.get(host);
      return r == null ? fallback : r;
    }

    @Override
    public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
      return pick(url).read(url, etag, maxBytes);
    }

    @Override
    public SearchResponse search(String url, @Nullable String etag) {
      return pick(url).search(url, etag);
    }

    @Override
    public ReadTreeResponse readTree(String url, @Nullable String etag) {
      return pick(url).readTree(url, etag);
    }

    @Override
    public String toString() {
      return "HostRoutingReader" + byHost.keySet() + " else " + fallback;
    }
  }

  /** {@code host[:port]} in lower case, only for http(s) URLs. */
  static @Nullable String hostOf(String url) {
    try {
      URI u = new URI(url.replaceAll("[{}\\[\\] |^`\"<>\\\\]", "_"));
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null
          || u.getRawUserInfo() != null) {
        return null;
      }
      String h = u.getHost().toLowerCase(Locale.ROOT);
      return u.getPort() < 0 ? h : h + ":" + u.getPort();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * An integration without a catalog-file search of its own here: it lists no files, so the
   * catalog proposes a Component, annotated as Backstage annotates it for the integration's type.
   */
  private record ProposingAnalyzer(String host, String annotation) implements ScmLocationAnalyzer {
    @Override
    public boolean supports(String url) {
      return host.equals(hostOf(url));
    }

    @Override
    public List<String> catalogFiles(String url, @Nullable String catalogFilename) {
      return List.of();
    }

    @Override
    public String projectSlugAnnotation() {
      return annotation;
    }
  }

  /** The default fallback: no host without an integration may be read. */
  private static final class RefusingReader implements UrlReader {
    @Override
    public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
      throw new ProcessingException(ProcessingError.notAllowed("Reading from '" + url
          + "' is not allowed. You may need to configure an integration for the target host"));
    }
  }
}
