package dev.greenroom.scaffolder.publish.gitlab;

import dev.greenroom.integrations.GitlabIntegrationConfig;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.publish.RepoUrl;
import dev.greenroom.scaffolder.publish.http.HostApi;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One GitLab action call's target: the parsed {@code repoUrl}, the integration, the token (the
 * {@code token} input, else the integration's) and the API client ({@code Authorization: Bearer},
 * which GitLab takes for personal, project, group and OAuth tokens alike).
 */
record GitlabTarget(RepoUrl url, GitlabIntegrationConfig config, String token, HostApi api) {

  static GitlabTarget of(String action, ActionContext ctx, PublishSettings settings,
      String repoUrl) {
    return of(action, ctx, settings, RepoUrl.parse(action, repoUrl, settings.integrations()));
  }

  /**
   * The target of actions that need only the host of {@code repoUrl} (a bare {@code gitlab.com}
   * or one with a query).
   */
  static GitlabTarget ofHost(String action, ActionContext ctx, PublishSettings settings,
      String repoUrl) {
    int q = repoUrl.indexOf('?');
    String host = (q < 0 ? repoUrl : repoUrl.substring(0, q)).toLowerCase(java.util.Locale.ROOT);
    if (host.isEmpty() || host.contains("/") || host.contains("@")) {
      throw new ActionException(action + ": invalid repo URL passed to publisher, got " + repoUrl);
    }
    return of(action, ctx, settings,
        new RepoUrl(host, "gitlab", null, null, null, null, null));
  }

  private static GitlabTarget of(String action, ActionContext ctx, PublishSettings settings,
      RepoUrl url) {
    GitlabIntegrationConfig config = settings.integrations().gitlab().stream()
        .filter(g -> g.host().equalsIgnoreCase(url.host())).findFirst()
        .orElseThrow(() -> new ActionException(action + ": no matching integration configuration"
            + " for host " + url.host() + ", please check your integrations config"));
    var n = ctx.input().get("token");
    String token = n != null && n.isString() && !n.stringValue().isEmpty() ? n.stringValue()
        : config.token() == null ? null : config.token().reveal();
    if (token == null) {
      throw new ActionException(action + ": No token available for host " + url.host());
    }
    return new GitlabTarget(url, config, token,
        settings.api(action, "GitLab " + url.host(), "Bearer " + token));
  }

  /** The API base without a trailing slash. */
  String apiBase() {
    return config.apiBaseUrl().replaceAll("/+$", "");
  }

  /** A URL-encoded path or id, as GitLab takes {@code group/sub/project} in one segment. */
  static String enc(String pathOrId) {
    return URLEncoder.encode(pathOrId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "GitlabTarget[" + url.host() + "]";
  }

  static @Nullable String nonEmpty(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
