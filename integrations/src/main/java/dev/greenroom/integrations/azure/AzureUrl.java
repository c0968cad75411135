package dev.greenroom.integrations.azure;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An Azure DevOps repository URL as a browser shows it, taken apart as Backstage's {@code
 * AzureUrl} does: {@code https://dev.azure.com/{org}/{project}/_git/{repo}?path=/a.yaml&version=GBmain},
 * {@code https://dev.azure.com/{org}/_git/{repo}} (project named as the repository), a collection
 * on a server ({@code https://host/{collection}/{org}/{project}/_git/{repo}}) and the old {@code
 * https://{org}.visualstudio.com/{project}/_git/{repo}}. The version must name a branch ({@code
 * GB...}).
 *
 * @param origin {@code scheme://host[:port]}
 * @param visualStudio whether the host is {@code *.visualstudio.com} (the owner is in the host)
 * @param owner the organisation ({@code collection/org} on a server)
 * @param project the project
 * @param repo the repository
 * @param path the {@code path} parameter, or null
 * @param ref the branch of the {@code version} parameter, or null for the default branch
 */
record AzureUrl(String origin, boolean visualStudio, String owner, String project, String repo,
    @Nullable String path, @Nullable String ref) {
  private static final Pattern SAFE = Pattern.compile("^[^/\\\\?#]+$");

  /**
   * Parses a repository URL.
   *
   * @throws IllegalArgumentException with a message for the user when it is not one
   */
  static AzureUrl parse(String url) {
    URI u;
    try {
      u = new URI(uriSafe(url));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL");
    }
    if (u.getScheme() == null || u.getHost() == null || u.getRawUserInfo() != null) {
      throw new IllegalArgumentException("not an http(s) URL with a host");
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost().toLowerCase(Locale.ROOT);
    String origin = scheme + "://" + host + (u.getPort() < 0 ? "" : ":" + u.getPort());
    String rawPath = u.getRawPath() == null ? "" : u.getRawPath();
    String[] raw = rawPath.split("/", -1);
    List<String> parts = new ArrayList<>();
    for (String p : raw) {
      parts.add(URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    String owner = null;
    String project = null;
    String repo = null;
    boolean vs = host.endsWith(".visualstudio.com");
    if (vs && at(parts, 2).equals("_git")) {
      owner = host.substring(0, host.indexOf('.'));
      project = at(parts, 1);
      repo = at(parts, 3);
    } else if (at(parts, 2).equals("_git")) {
      owner = at(parts, 1);
      project = repo = at(parts, 3);
    } else if (at(parts, 3).equals("_git")) {
      owner = at(parts, 1);
      project = at(parts, 2);
      repo = at(parts, 4);
    } else if (at(parts, 4).equals("_git")) {
      owner = at(parts, 1) + "/" + at(parts, 2);
      project = at(parts, 3);
      repo = at(parts, 5);
    }
    if (owner == null || owner.isEmpty() || project.isEmpty() || repo.isEmpty()
        || !safe(owner.replace("/", "x")) || !safe(project) || !safe(repo)) {
      throw new IllegalArgumentException("Azure URL must point to a git repository");
    }
    Map<String, String> q = query(u.getRawQuery());
    String path = q.get("path");
    if (path != null && (path.isEmpty() || List.of(path.split("/")).contains(".."))) {
      throw new IllegalArgumentException("the path '" + path + "' is not a path in the repository");
    }
    String ref = null;
    String version = q.get("version");
    if (version != null) {
      if (!version.startsWith("GB") || version.length() == 2) {
        throw new IllegalArgumentException("Azure URL version must point to a git branch");
      }
      ref = version.substring(2);
    }
    return new AzureUrl(origin, vs, owner, project, repo, path, ref);
  }

  /** Percent-encodes the characters {@link URI} refuses but glob URLs hold ({@code {a,b}}, {@code [ab]}). */
  static String uriSafe(String url) {
    StringBuilder b = new StringBuilder(url.length());
    for (char c : url.toCharArray()) {
      if ("{}[]| ^`\"<>\\".indexOf(c) >= 0) {
        b.append('%').append(String.format("%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean safe(String s) {
    return SAFE.matcher(s).matches() && !s.equals("..") && !s.equals(".");
  }

  private static String at(List<String> parts, int i) {
    return i < parts.size() ? parts.get(i) : "";
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
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private String apiBase(String what) {
    StringBuilder b = new StringBuilder(origin).append('/');
    if (!visualStudio) {
      for (String seg : owner.split("/")) {
        b.append(enc(seg)).append('/');
      }
    }
    return b.append(enc(project)).append("/_apis/git/repositories/").append(enc(repo)).append('/')
        .append(what).toString();
  }

  /** {@code .../_apis/git/repositories/{repo}/items?api-version=&path=&version=}. */
  URI fileUrl(String apiVersion) {
    if (path == null) {
      throw new IllegalArgumentException(
          "Azure URL must point to a specific path to be able to download a file");
    }
    return URI.create(apiBase("items") + "?api-version=" + enc(apiVersion) + "&path=" + enc(path)
        + (ref == null ? "" : "&version=" + enc(ref)));
  }

  /** The zip of a folder: {@code items?recursionLevel=full&download=true&$format=zip&scopePath=}. */
  URI archiveUrl(String apiVersion) {
    return URI.create(apiBase("items") + "?recursionLevel=full&download=true&%24format=zip"
        + "&api-version=" + enc(apiVersion) + (path == null ? "" : "&scopePath=" + enc(path))
        + (ref == null ? "" : "&version=" + enc(ref)));
  }

  /** The commits of the branch, newest first. */
  URI commitsUrl(String apiVersion) {
    return URI.create(apiBase("commits") + "?api-version=" + enc(apiVersion)
        + (ref == null ? "" : "&searchCriteria.itemVersion.version=" + enc(ref)));
  }

  /** The browser URL {@code url} (this one) with another path, its other parameters dropped. */
  String withPath(String url, String newPath) {
    int q = url.indexOf('?');
    int h = url.indexOf('#');
    int end = q >= 0 ? q : h >= 0 ? h : url.length();
    return url.substring(0, end) + "?path=" + enc(newPath)
        + (ref == null ? "" : "&version=GB" + enc(ref));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
