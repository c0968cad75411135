package dev.greenroom.scaffolder.publish;

import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.scaffolder.action.ActionException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code repoUrl} input of the publishing actions, Backstage's {@code parseRepoUrl}: a host and
 * query parameters, as the {@code RepoUrlPicker} writes them ({@code
 * github.com?owner=acme&repo=app}, {@code bitbucket.org?workspace=w&project=P&repo=app}, {@code
 * git.acme.com?project=KEY&repo=app}). Values lose leading and trailing slashes, as in Backstage.
 *
 * @param host the {@code host[:port]}, lower case
 * @param type the integration type of the host: {@code github}, {@code gitlab}, {@code
 *     bitbucketCloud}, {@code bitbucketServer}, {@code azure}, {@code gerrit}, {@code gitea}
 * @param owner {@code owner}, or null
 * @param repo {@code repo}, or null (only GitLab with a {@code project} id may leave it out)
 * @param organization {@code organization}, or null
 * @param workspace {@code workspace}, or null
 * @param project {@code project}, or null
 */
public record RepoUrl(String host, String type, @Nullable String owner, @Nullable String repo,
    @Nullable String organization, @Nullable String workspace, @Nullable String project) {
  /** Longest {@code repoUrl} accepted. */
  public static final int MAX_LENGTH = 2048;

  public RepoUrl {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(type, "type");
  }

  /**
   * Parses {@code repoUrl} and checks the parameters its host's type needs.
   *
   * @param action the action id, for messages
   * @throws ActionException naming the input when it is malformed, has no integration, or misses
   *     a parameter
   */
  public static RepoUrl parse(String action, String repoUrl, IntegrationsConfig integrations) {
    if (repoUrl.length() > MAX_LENGTH) {
      throw new ActionException(action + ": repoUrl is longer than " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI("https://" + repoUrl);
    } catch (URISyntaxException e) {
      throw new ActionException(action + ": invalid repo URL passed to publisher, got " + repoUrl
          + ": " + e.getReason());
    }
    if (uri.getHost() == null || uri.getRawAuthority() == null
        || uri.getRawAuthority().contains("@")) {
      throw new ActionException(action + ": invalid repo URL passed to publisher, got " + repoUrl
          + ": no host");
    }
    String host = uri.getRawAuthority().toLowerCase(Locale.ROOT);
    String type = typeOf(host, integrations);
    if (type == null) {
      throw new ActionException(action + ": no matching integration configuration for host "
          + host + ", please check your integrations config");
    }
    Map<String, String> q = query(uri.getRawQuery());
    RepoUrl url = new RepoUrl(host, type, q.get("owner"), q.get("repo"), q.get("organization"),
        q.get("workspace"), q.get("project"));
    switch (type) {
      case "bitbucketCloud" -> require(action, repoUrl, q, "workspace", "project", "repo");
      case "bitbucketServer", "azure" -> require(action, repoUrl, q, "project", "repo");
      case "gitlab" -> {
        if (url.project() == null) {
          require(action, repoUrl, q, "owner", "repo");
        }
      }
      case "gitea", "gerrit" -> require(action, repoUrl, q, "repo");
      default -> require(action, repoUrl, q, "repo", "owner");
    }
    return url;
  }

  /** The integration type of {@code host}, Backstage's {@code integrations.byHost(host).type}. */
  static @Nullable String typeOf(String host, IntegrationsConfig c) {
    if (c.github().stream().anyMatch(g -> g.host().equalsIgnoreCase(host))) {
      return "github";
    }
    if (c.gitlab().stream().anyMatch(g -> g.host().equalsIgnoreCase(host))) {
      return "gitlab";
    }
    if (c.bitbucketCloud().stream().anyMatch(g -> g.host().equalsIgnoreCase(host))) {
      return "bitbucketCloud";
    }
    if (c.bitbucketServer().stream().anyMatch(g -> g.host().equalsIgnoreCase(host))) {
      return "bitbucketServer";
    }
    if (c.azure().stream().anyMatch(g -> g.host().equalsIgnoreCase(host))) {
      return "azure";
    }
    if (c.gerrit().stream().anyMatch(g -> g.host().equalsIgnoreCase(host))) {
      return "gerrit";
    }
    if (c.gitea().stream().anyMatch(g -> g.host().equalsIgnoreCase(host))) {
      return "gitea";
    }
    return null;
  }

  private static void require(String action, String repoUrl, Map<String, String> q,
      String... names) {
    for (String n : names) {
      String v = q.get(n);
      if (v == null || v.isEmpty()) {
        throw new ActionException(action + ": invalid repo URL passed to publisher: " + repoUrl
            + ", missing " + n);
      }
    }
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String kv : raw.split("&")) {
      if (kv.isEmpty()) {
        continue;
      }
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v.replaceAll("^/+|/+$", ""));
    }
    return out;
  }

  /** {@code repo}, which every type but GitLab-by-project-id requires. */
  public String requireRepo() {
    return Objects.requireNonNull(repo, "repo");
  }
}
