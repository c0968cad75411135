package dev.greenroom.integrations.github;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A GitHub web URL taken apart: {@code https://host/<owner>/<repo>[/(blob|tree|raw|edit)/<ref>[/<path>]]}.
 * The ref is one path segment (as Backstage's {@code git-url-parse} reads it); the path may hold
 * glob characters.
 *
 * @param host the lower-case {@code host[:port]}
 * @param owner the owner (organisation or user)
 * @param repo the repository, without {@code .git}
 * @param type {@code blob}, {@code tree}, {@code raw} or {@code edit}; {@code blob} when absent
 * @param ref the branch, tag or sha, or null for the default branch
 * @param path the path in the repository without leading slash, empty for the root
 */
record GithubUrl(
    String host, String owner, String repo, String type, @Nullable String ref, String path) {
  private static final Pattern URL = Pattern.compile("^(?i:https?)://([^/?#]+)(/[^?#]*)?(?:[?#].*)?$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]+$");

  /** Parses a URL, or returns null when it is not a repository URL. */
  static @Nullable GithubUrl parse(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      return null;
    }
    String host = m.group(1).toLowerCase(Locale.ROOT);
    int at = host.lastIndexOf('@');
    if (at >= 0) {
      return null; // credentials in URLs are never used
    }
    String rawPath = m.group(2) == null ? "" : m.group(2);
    String[] seg = rawPath.replaceAll("^/+", "").split("/", -1);
    if (seg.length < 2 || seg[0].isEmpty() || seg[1].isEmpty()) {
      return null;
    }
    String owner = decode(seg[0]);
    String repo = decode(seg[1]).replaceFirst("\\.git$", "");
    if (!NAME.matcher(owner).matches() || !NAME.matcher(repo).matches()
        || owner.equals("..") || repo.equals("..") || owner.equals(".") || repo.equals(".")) {
      return null;
    }
    String ref = null;
    String type = "blob";
    StringBuilder path = new StringBuilder();
    if (seg.length >= 4 && seg[2].matches("blob|tree|raw|edit") && !seg[3].isEmpty()) {
      ref = decode(seg[3]);
      type = seg[2];
      for (int i = 4; i < seg.length; i++) {
        if (seg[i].isEmpty()) {
          continue;
        }
        String s = decode(seg[i]);
        if (s.equals("..") || s.equals(".")) {
          return null;
        }
        if (path.length() > 0) {
          path.append('/');
        }
        path.append(s);
      }
    } else if (seg.length > 2 && !(seg.length == 3 && seg[2].isEmpty())) {
      return null;
    }
    return new GithubUrl(host, owner, repo, type, ref, path.toString());
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL of another file of the same repository, ref and type (Backstage's {@code pathToUrl}). */
  String fileUrl(String scheme, String filePath) {
    return scheme + "://" + host + "/" + owner + "/" + repo + "/" + type + "/" + ref + "/" + filePath;
  }
}
