package dev.greenroom.integrations.bitbucket;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Bitbucket web URL taken apart, as Backstage's {@code git-url-parse} reads it:
 *
 * <ul>
 *   <li>Cloud: {@code https://bitbucket.org/<workspace>/<repo>[/(src|raw)/<ref>[/<path>]]};
 *   <li>Server: {@code https://<host>/projects/<KEY>/repos/<repo>[/(browse|raw|src)[/<path>]][?at=<ref>]}
 *       (a personal repository, {@code /users/<slug>/repos/<repo>}, has the owner {@code ~<slug>});
 *       {@code at} may be a full ref ({@code refs/heads/main}), whose {@code refs/heads/} is dropped.
 * </ul>
 *
 * The path may hold glob characters; {@code .} and {@code ..} segments are refused.
 *
 * @param scheme {@code http} or {@code https}, lower case
 * @param host the lower-case {@code host[:port]}
 * @param owner the workspace (Cloud) or project key (Server)
 * @param repo the repository slug, without {@code .git}
 * @param type {@code src}, {@code raw} or {@code browse}
 * @param ref the branch, tag or commit, or null for the default branch
 * @param path the path in the repository without leading slash, empty for the root
 */
public record BitbucketUrl(
    String scheme, String host, String owner, String repo, String type, @Nullable String ref,
    String path) {
  private static final Pattern URL =
      Pattern.compile("^(?i:(https?))://([^/?#]+)(/[^?#]*)?(?:\\?([^#]*))?(?:#.*)?$");
  private static final Pattern NAME = Pattern.compile("^~?[A-Za-z0-9_.-]+$");

  /** Parses a Bitbucket Cloud URL, or returns null when it is not a repository URL. */
  public static @Nullable BitbucketUrl parseCloud(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches() || m.group(2).contains("@")) {
      return null;
    }
    List<String> seg = segments(m.group(3));
    if (seg == null || seg.size() < 2) {
      return null;
    }
    String owner = seg.get(0);
    String repo = seg.get(1).replaceFirst("\\.git$", "");
    if (!name(owner) || !name(repo)) {
      return null;
    }
    String type = "src";
    String ref = null;
    String path = "";
    if (seg.size() >= 4 && (seg.get(2).equals("src") || seg.get(2).equals("raw"))) {
      type = seg.get(2);
      ref = seg.get(3);
      path = String.join("/", seg.subList(4, seg.size()));
    } else if (seg.size() != 2) {
      return null;
    }
    return new BitbucketUrl(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toLowerCase(Locale.ROOT),
        owner, repo, type, ref, path);
  }

  /** Parses a Bitbucket Server URL, or returns null when it is not a repository URL. */
  public static @Nullable BitbucketUrl parseServer(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches() || m.group(2).contains("@")) {
      return null;
    }
    List<String> seg = segments(m.group(3));
    if (seg == null || seg.size() < 4 || !seg.get(2).equals("repos")
        || !(seg.get(0).equals("projects") || seg.get(0).equals("users"))) {
      return null;
    }
    String owner = (seg.get(0).equals("users") ? "~" : "") + seg.get(1);
    String repo = seg.get(3).replaceFirst("\\.git$", "");
    if (!name(owner) || !name(repo)) {
      return null;
    }
    String type = "browse";
    String path = "";
    if (seg.size() >= 5) {
      if (!seg.get(4).matches("browse|raw|src")) {
        return null;
      }
      type = seg.get(4);
      path = String.join("/", seg.subList(5, seg.size()));
    }
    String ref = null;
    if (m.group(4) != null) {
      for (String kv : m.group(4).split("&")) {
        if (kv.startsWith("at=") && kv.length() > 3) {
          ref = decode(kv.substring(3)).replaceFirst("^refs/heads/", "");
        }
      }
    }
    return new BitbucketUrl(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toLowerCase(Locale.ROOT),
        owner, repo, type, ref, path);
  }

  private static boolean name(String s) {
    return NAME.matcher(s).matches() && !s.equals(".") && !s.equals("..");
  }

  private static @Nullable List<String> segments(@Nullable String rawPath) {
    List<String> out = new ArrayList<>();
    if (rawPath == null) {
      return out;
    }
    for (String s : rawPath.split("/")) {
      if (s.isEmpty()) {
        continue;
      }
      String d = decode(s);
      if (d.equals(".") || d.equals("..") || d.contains("/")) {
        return null;
      }
      out.add(d);
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Whether the path holds glob characters ({@code *} or {@code ?}), as Backstage checks. */
  public boolean isGlob() {
    return path.matches(".*[*?].*");
  }
}
