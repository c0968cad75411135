package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.integrations.GithubIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.github.GithubCredentialsProvider;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.publish.RepoUrl;
import dev.greenroom.scaffolder.publish.http.HostApi;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The GitHub side shared by the GitHub actions: one {@link GithubCredentialsProvider} per
 * integration (so GitHub App installation tokens are cached across calls), and for one call the
 * resolved repository, token and API client (Backstage's {@code getOctokitOptions}: the {@code
 * token} input, else the integration's App or token for the owner).
 */
public final class GithubClients {
  private final PublishSettings settings;
  private final Map<String, GithubCredentialsProvider> providers = new ConcurrentHashMap<>();

  /** Clients over the shared settings. */
  public GithubClients(PublishSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** One call's target: the repository, the integration, the token and the API client. */
  record Target(String host, String owner, String repo, GithubIntegrationConfig config,
      String token, String apiBaseUrl, HostApi api) {
    /** {@code {api}/repos/{owner}/{repo}}. */
    String repoApi() {
      return apiBaseUrl + "/repos/" + owner + "/" + repo;
    }

    @Override
    public String toString() {
      return "Target[" + host + "/" + owner + "/" + repo + "]";
    }
  }

  /** Resolves {@code repoUrl} (and the {@code token} input) for {@code action}. */
  Target target(String action, ActionContext ctx, String repoUrl) {
    RepoUrl url = RepoUrl.parse(action, repoUrl, settings.integrations());
    GithubIntegrationConfig config = settings.integrations().github().stream()
        .filter(g -> g.host().equalsIgnoreCase(url.host())).findFirst()
        .orElseThrow(() -> new ActionException(action + ": no matching integration configuration"
            + " for host " + url.host() + ", please check your integrations config"));
    String owner = url.owner();
    if (owner == null) {
      throw new ActionException(action + ": invalid repo URL passed to publisher: " + repoUrl
          + ", missing owner");
    }
    if (config.apiBaseUrl() == null) {
      throw new ActionException(action + ": the GitHub integration for " + url.host()
          + " has no apiBaseUrl");
    }
    String repo = url.requireRepo();
    String token = token(action, ctx, config, url.host(), owner, repo);
    HostApi api = settings.api(action, "GitHub " + url.host(), "Bearer " + token);
    return new Target(url.host(), owner, repo, config, token,
        config.apiBaseUrl().replaceAll("/+$", ""), api);
  }

  private String token(String action, ActionContext ctx, GithubIntegrationConfig config,
      String host, String owner, String repo) {
    var n = ctx.input().get("token");
    if (n != null && n.isString() && !n.stringValue().isEmpty()) {
      return n.stringValue();
    }
    GithubCredentialsProvider p = providers.computeIfAbsent(config.host(),
        h -> GithubCredentialsProvider.create(config, new ReadLimits(settings.timeout(),
            ReadLimits.DEFAULTS.maxBytes(), ReadLimits.DEFAULTS.maxTreeFiles(),
            ReadLimits.DEFAULTS.maxTreeBytes()), Clock.systemUTC(), settings.executor()));
    @Nullable String authorization;
    try {
      authorization = p.credentials(owner).map(GithubCredentialsProvider.Credentials::authorization)
          .orElse(null);
    } catch (RuntimeException e) {
      throw new ActionException(action + ": GitHub " + host + " refused the integration's App: "
          + e.getMessage());
    }
    if (authorization == null) {
      throw new ActionException(action + ": No token available for host: " + host
          + ", with owner " + owner + ", and repo " + repo);
    }
    return authorization.substring("Bearer ".length());
  }
}
