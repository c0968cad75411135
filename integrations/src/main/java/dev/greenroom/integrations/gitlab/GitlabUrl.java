package dev.greenroom.integrations.gitlab;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A GitLab web URL taken apart, below an integration's {@code baseUrl} (whose path, such as {@code
 * /gitlab} on a self-managed host, is the relative path Backstage strips):
 * {@code <base>/<group>/<subgroup>/<project>[/-/(blob|tree|raw|edit)/<ref>[/<path>]]}, or the
 * older form without {@code /-/}. The ref is one path segment, as Backstage's {@code
 * git-url-parse} reads it; the path may hold glob characters.
 *
 * @param host the lower-case {@code host[:port]}
 * @param project the project's full path, {@code group/subgroup/project}
 * @param type {@code blob}, {@code tree}, {@code raw} or {@code edit}; {@code blob} when absent
 * @param ref the branch, tag or sha, or null for the default branch
 * @param path the path in the repository without leading slash, empty for the root
 * @param projectUrl the project's web URL as given ({@code https://host/gitlab/group/project})
 */
record GitlabUrl(
    String host, String project, String type, @Nullable String ref, String path, String projectUrl) {
  private static final Pattern URL = Pattern.compile("^((?i:https?)://([^/?#]+))(/[^?#]*)?(?:[?#].*)?$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.][A-Za-z0-9_.+-]*$");

  /**
   * Parses a URL, or returns null when it is not a project URL below {@code baseUrl}.
   *
   * @param baseUrl the integration's web base, {@code https://host[/relative/path]}
   */
  static @Nullable GitlabUrl parse(String url, String baseUrl) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      return null;
    }
    String host = m.group(2).toLowerCase(Locale.ROOT);
    if (host.contains("@")) {
      return null; // credentials in URLs are never used
    }
    String relative = relativePath(baseUrl);
    String rawPath = m.group(3) == null ? "" : m.group(3);
    if (!relative.isEmpty()) {
      if (!rawPath.startsWith(relative + "/")) {
        return null;
      }
      rawPath = rawPath.substring(relative.length());
    }
    String[] seg = rawPath.replaceAll("^/+", "").split("/", -1);
    List<String> projectSegs = new ArrayList<>();
    int i = 0;
    String type = "blob";
    String ref = null;
    boolean dash = false;
    for (; i < seg.length; i++) {
      String s = seg[i];
      if (s.equals("-")) {
        dash = true;
        i++;
        break;
      }
      if (projectSegs.size() >= 2 && s.matches("blob|tree|raw|edit") && !rawPath.contains("/-/")) {
        break; // the older form: https://host/group/project/blob/main/file
      }
      if (s.isEmpty()) {
        if (i == seg.length - 1) {
          continue; // a trailing slash
        }
        return null;
      }
      projectSegs.add(decode(s));
    }
    if (projectSegs.size() < 2) {
      return null;
    }
    for (String p : projectSegs) {
      if (!NAME.matcher(p).matches() || p.equals("..") || p.equals(".")) {
        return null;
      }
    }
    String project = String.join("/", projectSegs).replaceFirst("\\.git$", "");
    StringBuilder path = new StringBuilder();
    if (i < seg.length) {
      if (!seg[i].matches("blob|tree|raw|edit") || i + 1 >= seg.length || seg[i + 1].isEmpty()) {
        return null;
      }
      type = seg[i];
      ref = decode(seg[i + 1]);
      for (int j = i + 2; j < seg.length; j++) {
        if (seg[j].isEmpty()) {
          continue;
        }
        String s = decode(seg[j]);
        for (String part : s.split("/", -1)) { // %2F decodes to a slash: check its parts too
          if (part.equals("..") || part.equals(".")) {
            return null;
          }
        }
        if (path.length() > 0) {
          path.append('/');
        }
        path.append(s);
      }
    } else if (dash) {
      return null;
    }
    String origin = m.group(1);
    String projectUrl = origin + relative + "/" + project;
    return new GitlabUrl(host, project, type, ref, path.toString(), projectUrl);
  }

  /** The path of {@code baseUrl} without trailing slash: {@code /gitlab}, or empty. */
  static String relativePath(String baseUrl) {
    String p = URI.create(baseUrl).getRawPath();
    return p == null ? "" : p.replaceAll("/+$", "");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The web URL of another file of the same project and ref ({@code /-/blob/ref/path}). */
  String fileUrl(String filePath) {
    return projectUrl + "/-/" + type + "/" + ref + "/" + filePath;
  }
}
