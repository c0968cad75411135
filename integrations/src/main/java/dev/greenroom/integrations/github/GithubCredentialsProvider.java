package dev.greenroom.integrations.github;

import dev.greenroom.integrations.GithubAppConfig;
import dev.greenroom.integrations.GithubIntegrationConfig;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.ReadLimits;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The credentials of one GitHub integration for an owner (organisation or user), as Backstage's
 * {@code SingleInstanceGithubCredentialsProvider}: an installation token of the first configured
 * GitHub App installed for the owner (type {@link Type#APP}), else the integration's {@code token}
 * (type {@link Type#TOKEN}), else none. Installation tokens are cached until shortly before they
 * expire. Used by the {@link GithubUrlReader} of the integration and by the providers that list
 * an organisation's repositories, members and teams. Thread-safe.
 */
public final class GithubCredentialsProvider {
  private final GithubIntegrationConfig config;
  private final List<GithubAppTokens> apps;

  /** Kinds of credentials, as Backstage's {@code GithubCredentialType}. */
  public enum Type {
    /** A GitHub App installation token. */
    APP,
    /** A personal access token from the integration's {@code token}. */
    TOKEN
  }

  /**
   * Credentials for one owner. {@link #toString()} never shows the token.
   *
   * @param authorization the value of the {@code Authorization} header ({@code Bearer ...})
   * @param type where the token comes from
   */
  public record Credentials(String authorization, Type type) {
    public Credentials {
      Objects.requireNonNull(authorization, "authorization");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
      return "Credentials[type=" + type + "]";
    }
  }

  GithubCredentialsProvider(GithubIntegrationConfig config, GithubHttp http, Clock clock,
      ReadLimits limits) {
    this.config = config;
    if (!config.apps().isEmpty() && config.apiBaseUrl() == null) {
      throw new IntegrationException("GitHub integration '" + config.host()
          + "' has apps but no apiBaseUrl");
    }
    List<GithubAppTokens> a = new ArrayList<>();
    for (GithubAppConfig app : config.apps()) {
      a.add(new GithubAppTokens(app, config.host(), config.apiBaseUrl(), http, clock, limits));
    }
    this.apps = List.copyOf(a);
  }

  /**
   * A provider for one integration with an HTTP client of its own (for App tokens).
   *
   * @throws IntegrationException naming the App and host (never the key) when a key is unusable
   */
  public static GithubCredentialsProvider create(GithubIntegrationConfig config, ReadLimits limits,
      Clock clock, @Nullable Executor executor) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(limits.timeout());
    if (executor != null) {
      b.executor(executor);
    }
    return new GithubCredentialsProvider(config, new GithubHttp(b.build(), limits, config.host()), clock, limits);
  }

  /** The integration these credentials belong to. */
  public GithubIntegrationConfig integration() {
    return config;
  }

  /**
   * The credentials for repositories of {@code owner}, or empty for anonymous access.
   *
   * @throws dev.greenroom.catalog.processing.ProcessingException naming the host and the App
   *     (never a key or token) when GitHub refuses the App
   */
  public Optional<Credentials> credentials(String owner) {
    for (GithubAppTokens app : apps) {
      String token = app.token(owner);
      if (token != null) {
        return Optional.of(new Credentials("Bearer " + token, Type.APP));
      }
    }
    return config.token() == null ? Optional.empty()
        : Optional.of(new Credentials("Bearer " + config.token().reveal(), Type.TOKEN));
  }

  /**
   * The organisations the integration's GitHub Apps are installed in (Backstage's {@code
   * GithubAppCredentialsMux.getAllInstallations}, keeping installations whose {@code target_type}
   * is {@code Organization}), in the order GitHub lists them.
   *
   * @param appId only this App's installations, or null for every App of the integration
   * @throws dev.greenroom.catalog.processing.ProcessingException naming the host and the App
   *     (never a key) when GitHub refuses the App
   * @throws IntegrationException when {@code appId} is not an App of the integration
   */
  public List<String> organizationInstallations(@Nullable Long appId) {
    List<String> out = new ArrayList<>();
    boolean found = false;
    for (GithubAppTokens app : apps) {
      if (appId != null && app.appId() != appId) {
        continue;
      }
      found = true;
      for (var inst : app.installations()) {
        String login = inst.path("account").path("login").asString("");
        if (inst.path("target_type").asString("").equals("Organization") && !login.isEmpty()
            && !out.contains(login)) {
          out.add(login);
        }
      }
    }
    if (appId != null && !found) {
      throw new IntegrationException("The GitHub integration for " + config.host()
          + " has no App with appId " + appId);
    }
    return out;
  }

  @Override
  public String toString() {
    return "GithubCredentialsProvider{host=" + config.host() + ",apps=" + apps.size()
        + ",token=" + (config.token() != null) + "}";
  }
}
