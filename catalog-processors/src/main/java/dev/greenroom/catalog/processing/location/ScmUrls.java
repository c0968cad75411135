package dev.greenroom.catalog.processing.location;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * URL arithmetic for source-control hosts, after Backstage's {@code ScmIntegrations}: resolving a
 * relative target against a file's URL, the edit URL of a file, and the repository a URL belongs
 * to. GitHub hosts use {@code https://host/<owner>/<repo>/(blob|tree)/<ref>/<path>} URLs; GitLab
 * hosts {@code https://host/<group>/<project>/-/blob/<ref>/<path>}. Other hosts get plain
 * {@link URI#resolve} and no edit URL.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScmUrls {
  private static final Pattern GITHUB =
      Pattern.compile("^(https?://[^/]+/[^/]+/[^/]+/)(blob|tree|edit)/(.*)$");
  private static final Pattern GITLAB = Pattern.compile("^(https?://.+?/-/)(blob|tree|edit)/(.*)$");

  private static final ScmUrls DEFAULTS = new ScmUrls(Set.of("github.com"), Set.of("gitlab.com"));

  private final Set<String> githubHosts;
  private final Set<String> gitlabHosts;

  private ScmUrls(Set<String> githubHosts, Set<String> gitlabHosts) {
    this.githubHosts = lower(githubHosts);
    this.gitlabHosts = lower(gitlabHosts);
  }

  private static Set<String> lower(Set<String> hosts) {
    return hosts.stream()
        .map(h -> h.toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** {@code github.com} and {@code gitlab.com}, as Backstage's default integrations. */
  public static ScmUrls defaults() {
    return DEFAULTS;
  }

  /**
   * Hosts with GitHub and GitLab URL layouts (for example GitHub Enterprise and self-hosted GitLab
   * hosts, each {@code host} or {@code host:port}).
   */
  public static ScmUrls of(Set<String> githubHosts, Set<String> gitlabHosts) {
    return new ScmUrls(githubHosts, gitlabHosts);
  }

  /** True if the URL's host has GitHub's URL layout. */
  public boolean isGithub(String url) {
    String h = hostOf(url);
    return h != null && githubHosts.contains(h);
  }

  /** True if the URL's host has GitLab's URL layout. */
  public boolean isGitlab(String url) {
    String h = hostOf(url);
    return h != null && gitlabHosts.contains(h);
  }

  /** The lower-case {@code host[:port]} of a URL, or null when it has none. */
  static @Nullable String hostOf(String url) {
    try {
      URI u = new URI(encodeGlob(url));
      if (u.getHost() == null) {
        return null;
      }
      String h = u.getHost().toLowerCase(Locale.ROOT);
      return u.getPort() < 0 ? h : h + ":" + u.getPort();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** True if {@code value} is an absolute URL (has a scheme of two or more letters). */
  public static boolean isAbsoluteUrl(String value) {
    return value.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*");
  }

  /**
   * Resolves {@code url} against the file URL {@code base}, as Backstage's {@code resolveUrl}: an
   * absolute URL is returned as is; a path starting with {@code /} is taken from the repository
   * root on GitHub and GitLab hosts, from the host root elsewhere; any other path is relative to
   * {@code base}'s folder. The base's query is kept. On GitHub hosts the result uses {@code tree}
   * (GitHub serves files under {@code tree} as well as {@code blob}). Glob characters survive.
   *
   * @throws IllegalArgumentException when {@code base} is not an absolute URL
   */
  public String resolveUrl(String url, String base) {
    if (isAbsoluteUrl(url)) {
      return url;
    }
    URI b;
    try {
      b = new URI(encodeGlob(base));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Invalid base URL " + base + ": " + e.getMessage(), e);
    }
    if (!b.isAbsolute() || b.getHost() == null) {
      throw new IllegalArgumentException("Base " + base + " is not an absolute URL");
    }
    String resolved;
    try {
      if (url.startsWith("/") && !url.startsWith("//") && repoRoot(base) != null) {
        resolved = repoRoot(base) + url.substring(1);
      } else {
        URI base2 = b.getRawPath() == null || b.getRawPath().isEmpty() ? new URI(encodeGlob(base) + "/") : b;
        URI r = base2.resolve(new URI(encodeGlob(stripQuery(url))));
        resolved = r.toString();
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Invalid relative URL " + url + ": " + e.getMessage(), e);
    }
    resolved = stripQuery(resolved);
    if (b.getRawQuery() != null) {
      resolved = resolved + "?" + b.getRawQuery();
    }
    resolved = decodeGlob(resolved);
    if (isGithub(base)) {
      resolved = withGithubType(resolved, "tree");
    }
    return resolved;
  }

  private static String stripQuery(String url) {
    int q = url.indexOf('?');
    int h = url.indexOf('#');
    int cut = q < 0 ? h : (h < 0 ? q : Math.min(q, h));
    return cut < 0 ? url : url.substring(0, cut);
  }

  /**
   * The URL of a file's repository root with a trailing slash, ready for a relative path: {@code
   * https://github.com/o/r/tree/main/} or {@code https://gitlab.com/g/p/-/blob/main/}; null for
   * other hosts.
   */
  @Nullable String repoRoot(String url) {
    if (isGithub(url)) {
      Matcher m = GITHUB.matcher(url);
      if (m.matches()) {
        String rest = m.group(3);
        int slash = rest.indexOf('/');
        String ref = slash < 0 ? rest : rest.substring(0, slash);
        return m.group(1) + m.group(2) + "/" + ref + "/";
      }
    }
    if (isGitlab(url)) {
      Matcher m = GITLAB.matcher(url);
      if (m.matches()) {
        String rest = m.group(3);
        int slash = rest.indexOf('/');
        String ref = slash < 0 ? rest : rest.substring(0, slash);
        return m.group(1) + m.group(2) + "/" + ref + "/";
      }
    }
    return null;
  }

  /**
   * The repository a URL belongs to, for same-repository checks: {@code host/owner/repo} on GitHub
   * hosts, {@code host/group/.../project} on GitLab hosts, else just the host; null when {@code
   * url} has no host.
   */
  public @Nullable String repositoryOf(String url) {
    String host = hostOf(url);
    if (host == null) {
      return null;
    }
    if (isGithub(url)) {
      Matcher m = GITHUB.matcher(url);
      if (m.matches()) {
        return m.group(1).replaceFirst("^https?://", "").toLowerCase(Locale.ROOT);
      }
    }
    if (isGitlab(url)) {
      Matcher m = GITLAB.matcher(url);
      if (m.matches()) {
        return m.group(1).replaceFirst("^https?://", "").toLowerCase(Locale.ROOT);
      }
    }
    return host;
  }

  /**
   * The URL that opens a file for editing: GitHub {@code /blob/} or {@code /tree/} becomes {@code
   * /edit/}, GitLab {@code /-/blob/} becomes {@code /-/edit/}; null for other hosts.
   */
  public @Nullable String editUrl(String url) {
    if (isGithub(url) && GITHUB.matcher(url).matches()) {
      return withGithubType(url, "edit");
    }
    if (isGitlab(url)) {
      Matcher m = GITLAB.matcher(url);
      if (m.matches()) {
        return m.group(1) + "edit/" + m.group(3);
      }
    }
    return null;
  }

  private static String withGithubType(String url, String type) {
    Matcher m = GITHUB.matcher(url);
    return m.matches() ? m.group(1) + type + "/" + m.group(3) : url;
  }

  /** Percent-encodes the glob and other characters {@link URI} refuses. */
  static String encodeGlob(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '{' -> sb.append("%7B");
        case '}' -> sb.append("%7D");
        case '[' -> sb.append("%5B");
        case ']' -> sb.append("%5D");
        case ' ' -> sb.append("%20");
        case '|' -> sb.append("%7C");
        case '^' -> sb.append("%5E");
        case '`' -> sb.append("%60");
        case '"' -> sb.append("%22");
        case '<' -> sb.append("%3C");
        case '>' -> sb.append("%3E");
        case '\\' -> sb.append("%5C");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Undoes {@link #encodeGlob} for the glob characters. */
  static String decodeGlob(String s) {
    return s.replace("%7B", "{").replace("%7D", "}").replace("%5B", "[").replace("%5D", "]");
  }
}
